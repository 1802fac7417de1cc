#!/usr/bin/env python3
"""Writes a content folder holding one very large Markdown notice, to check that the content tool
finishes (or fails clearly) within bounded memory on huge inputs:

    python3 bench/gen-huge-notice.py --mb 50 --out /tmp/huge
    /usr/bin/time -v target/tool/bulletin build /tmp/huge --out /tmp/huge-out

The notice is numbered paragraphs of Chinese text with a heading every 50 paragraphs; the sample
site's site.toml is copied next to it.
"""

import argparse
import shutil
from pathlib import Path

PARAGRAPH = (
    "浙江省通信管理局召开全省信息通信行业工作会议，深入贯彻落实全国工业和信息化工作会议精神，"
    "总结2025年工作，部署2026年重点任务。"
) * 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50, help="size of the notice in MiB (default 50)")
    parser.add_argument("--out", required=True, help="content folder to write")
    args = parser.parse_args()
    out = Path(args.out)
    (out / "tzgg").mkdir(parents=True, exist_ok=True)
    shutil.copy(Path(__file__).resolve().parent.parent / "content" / "site.toml", out / "site.toml")
    limit = int(args.mb * 1024 * 1024)
    size = 0
    with open(out / "tzgg" / "huge.md", "w", encoding="utf-8") as f:
        head = '+++\ntitle = "一个很大的通知"\ndate = 2026-02-12T17:29:00+08:00\n+++\n\n'
        f.write(head)
        size += len(head.encode())
        i = 0
        while size < limit:
            i += 1
            line = f"## 第{i}节\n\n" if i % 50 == 0 else f"{i}. {PARAGRAPH}\n\n"
            f.write(line)
            size += len(line.encode())
    print(f"{out / 'tzgg' / 'huge.md'}: {size} bytes")


if __name__ == "__main__":
    main()
