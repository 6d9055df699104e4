"""Punctuation that differs by language: list and clause separators, a note in brackets."""

STRINGS: dict[str, tuple[str, str]] = {
    "sep.list": ("、", ", "),
    "sep.comma": ("，", ", "),
    "sep.clause": ("；", "; "),
    "sep.sentence": ("。", ". "),
    "text.bracketed": ("{text}（{note}）", "{text} ({note})"),
    "text.labelled": ("{label}：{text}", "{label}: {text}"),
}
