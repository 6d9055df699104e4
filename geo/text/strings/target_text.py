"""UI strings of a target line (:func:`geo.text.target_text.target_text`): the tolerance and the sentence with the year."""

STRINGS: dict[str, tuple[str, str]] = {
    "target.tolerance": (" (±{value})", " (±{value})"),
    "target.dated": ("目标 {cmp} {value}{tolerance}，{year}年", "Target {cmp} {value}{tolerance} by {year}"),
    "target.dated_tolerance": ("（±{value}）", " (±{value})"),
    # a target without a number (geo.core.targets.Direction): its threshold follows from the baseline
    "target.up_by": ("（较{year}年 {baseline} 提高 {amount}）", " ({year}: {baseline} + {amount})"),
    "target.above": ("（高于{year}年 {baseline}）", " (above {year}: {baseline})"),
    "target.keep": ("（不低于{year}年 {baseline}）", " (not below {year}: {baseline})"),
    "target.up_by_unset": ("较{year}年提高 {amount}（基线未设定）", "+{amount} on {year} (baseline not set)"),
    "target.above_unset": ("高于{year}年水平（基线未设定）", "above {year} (baseline not set)"),
    "target.keep_unset": ("不低于{year}年水平（基线未设定）", "not below {year} (baseline not set)"),
    "target.points": ("{value}个百分点", "{value} pts"),
    "target.dated_direction": ("目标 {text}，{year}年", "Target {text} by {year}"),
}
