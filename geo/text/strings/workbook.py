"""Sentences written into gaps.xlsx (the workbook is in Chinese; the English is for the catalogue's pairing)."""

STRINGS = {
    "workbook.page_footer": ("第 &P 页，共 &N 页", "Page &P of &N"),
    "workbook.printed_on": ("打印日期", "Printed on"),
    "workbook.subtotal": ("小计", "Subtotal"),
    "workbook.total": ("合计", "Total"),
    "workbook.no_town": ("（未定乡镇）", "(no township)"),
    "workbook.note": ("注", "Note"),
    "workbook.split": (
        "{bureau}：{rows} 行，超过 Excel 单表上限 {limit} 行，分列于工作表 {sheets}",
        "{bureau}: {rows} rows, over Excel's limit of {limit} rows per sheet: continued on sheets {sheets}",
    ),
    "workbook.chosen": ("本表为筛选结果：{query}", "This workbook is a filtered list: {query}"),
}
