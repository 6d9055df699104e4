"""Texts of the units a target leaves out of its rural denominators (excluded_units.csv, report notes).

Templates for :func:`geo.text.templates.render`; keys ``scope.<reason>`` name why a unit is left
out, ``scope.note`` sums up one scope for the report.
"""

STRINGS: dict[str, tuple[str, str]] = {
    "scope.all_targets": ("全部目标", "all"),
    "scope.residents_committee": (
        "居委会（城镇社区），不计入农村指标，另列；{people:int} 人",
        "Residents' committee (urban community): reported apart, not in the rural figures; {people:int} people",
    ),
    "scope.other": (
        "其他村级单位（林场、农场生活区等），不计入农村指标，另列；{people:int} 人",
        "Other village-level unit (forest or farm living area): reported apart, not in the rural figures; "
        "{people:int} people",
    ),
    "scope.urban_code": (
        "城乡分类代码 {code} 属城镇，不计入农村指标，另列；{people:int} 人",
        "NBS urban–rural code {code} is urban: reported apart, not in the rural figures; {people:int} people",
    ),
    "scope.outside": (
        "所属行政村不计入农村指标，另列；{people:int} 人",
        "Its admin village is reported apart, not in the rural figures; {people:int} people",
    ),
    "scope.uninhabited": (
        "无人居住（人口为 0），不列缺口、不进分母",
        "Uninhabited (population 0): never a gap, not in any denominator",
    ),
    "scope.note": (
        "村级单位范围「{scope}」（目标：{targets}）：计入行政村 {counted:int} 个、{people:int} 人；"
        "另列居委会 {residents:int} 个、其他村级单位 {other:int} 个、城镇代码单位 {urban:int} 个，共 {apart_people:int} 人；"
        "无人居住行政村 {empty_villages:int} 个、自然村 {empty_natural:int} 个（不列缺口、不进分母）；明细见 excluded_units.csv",
        "Unit scope '{scope}' (targets: {targets}): {counted:int} admin villages, {people:int} people counted; "
        "reported apart {residents:int} residents' committees, {other:int} other units and {urban:int} units "
        "with an urban code, {apart_people:int} people; uninhabited {empty_villages:int} admin and "
        "{empty_natural:int} natural villages (never gaps, in no denominator); listed in excluded_units.csv",
    ),
}
