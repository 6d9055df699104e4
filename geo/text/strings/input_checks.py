"""Messages of the input checks: the import lock, hostile and inconsistent input, retention (Chinese, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    # the import lock (geo.io.ingest.lock)
    "input.locked": (
        "另一个导入正在写入“{name}”，等待 {seconds:g} 秒后仍未结束；本次未导入，数据文件未改动，请稍后再试",
        "another import into {name} is running and did not finish within {seconds:g} s; nothing was imported, "
        "the store is unchanged; try again in a moment",
    ),
}
