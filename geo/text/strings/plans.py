"""UI strings of the plans: roles and basis lines (geo.text.plan_text), the 规划目标 page and its comparison."""

STRINGS: dict[str, tuple[str, str]] = {
    "plan.role.own": ("本县规划", "county plan"),
    "plan.role.higher": ("上级规划", "higher-level plan"),
    "plan.role.contribution": ("本县贡献", "county's share"),
    "plan.role.reference": ("参照", "reference"),
    "plan.basis": ("依据：{plan}", "Source: {plan}"),
    "plan.basis_reference": ("参照（非本县规划）：{plan}", "Reference (not this county's plan): {plan}"),
    "plan.basis_contribution": (
        "全省总量，本县贡献（不作本县考核）：{plan}",
        "Province total, this county's share (not judged): {plan}",
    ),
    "plan.contribution": ("全省目标 {target}，本县占 {share}", "Province target {target}; this county {share}"),
    "plan.status.adopted": ("已印发", "adopted"),
    "plan.status.draft": ("征求意见稿", "draft"),
    "plan.level.province": ("省级", "province"),
    "plan.level.city": ("市级", "city"),
    "plan.level.county": ("县级", "county"),
}
