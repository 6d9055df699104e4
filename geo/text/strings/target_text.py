"""UI strings of a target line (:func:`geo.text.target_text.target_text`): the tolerance and the sentence with the year."""

STRINGS: dict[str, tuple[str, str]] = {
    "target.tolerance": (" (±{value})", " (±{value})"),
    "target.dated": ("目标 {cmp} {value}{tolerance}，{year}年", "Target {cmp} {value}{tolerance} by {year}"),
    "target.dated_tolerance": ("（±{value}）", " (±{value})"),
}
