"""The PDF brief: content, fonts, metadata, vendor filter and safe writing.

Results are built by hand with known Decimal amounts, and the expected text
is what a person gets by rounding those amounts half away from zero.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from core.brief import ExportError, prepare_brief, render_brief, write_brief
from core.brief.fonts import CJK, REGULAR, font_runs, markup
from core.brief.model import ChartRef, Column, Headlines, Section, Table
from core.errors import CounterofferError, DataError
from core.market.results import MarketGapSection
from core.results import (
    AnalysisResult,
    MonthSpend,
    PendingSection,
    SpendLine,
    SpendSection,
    VendorSpend,
    WorkspaceSummary,
)

BASE_14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic",
    "Symbol", "ZapfDingbats",
}  # fmt: skip
PENDING = ("commitment", "self_hosting", "workloads", "position")
NO_MARKET = "No contract is recorded, so there is nothing to compare."
TOTAL = Decimal("123456.785")
VENDORS = (
    ("openai", "OpenAI", Decimal("80000.50"), 1200),
    ("anthropic", "Anthropic", Decimal("40000.285"), 800),
    ("deepseek", "DeepSeek", Decimal("3456.000"), 100),
)


def _line(key: str, amount: Decimal, rows: int, label: str | None = None) -> SpendLine:
    return SpendLine(
        key=key, label=label or key, amount=amount, share=amount / TOTAL, rows=rows
    )


def _months() -> list[MonthSpend]:
    """Three months whose vendor amounts add up to the vendor totals."""
    months = []
    for month, part in (("2026-09", "0.25"), ("2026-10", "0.35"), ("2026-11", "0.40")):
        by_vendor = {key: amount * Decimal(part) for key, _, amount, _ in VENDORS}
        months.append(
            MonthSpend(month=month, amount=sum(by_vendor.values()), by_vendor=by_vendor)
        )
    return months


def _models() -> list[SpendLine]:
    """A large model, then 13 smaller ones (6,000 down to 2,400)."""
    small = [Decimal(6000 - 300 * n) for n in range(13)]
    large = _line("model-large", TOTAL - sum(small), 40)
    return [large, *(_line(f"model-{n:02d}", a, 10) for n, a in enumerate(small))]


def make_spend() -> SpendSection:
    """Spend of 123,456.785 USD over three vendors, at a list of 150,000."""
    meter_tokens = Decimal(12_345_678_901)
    return SpendSection(
        currency="USD",
        total=TOTAL,
        list_total=Decimal("150000"),
        discount_vs_list=(Decimal("150000") - TOTAL) / Decimal("150000"),
        by_vendor=[_line(k, a, r, label) for k, label, a, r in VENDORS],
        by_model=_models(),
        by_meter=[
            SpendLine(
                key="input",
                label="input",
                amount=TOTAL,
                share=Decimal(1),
                quantity=meter_tokens,
                rows=2100,
            )
        ],
        by_workload=[
            _line("Support chatbot", Decimal("100000"), 1500),
            _line("Extraction 文档抽取", TOTAL - Decimal("100000"), 600),
        ],
        by_month=_months(),
        vendors=[_vendor(k, label, a, r) for k, label, a, r in VENDORS],
        formula="Spend = sum of billed amounts over every usage row.",
    )


def _vendor(key: str, label: str, amount: Decimal, rows: int) -> VendorSpend:
    """One vendor whose spend is one model and one workload of its own."""
    whole = SpendLine(key=key, label=label, amount=amount, share=Decimal(1), rows=rows)
    return VendorSpend(
        key=key,
        label=label,
        amount=amount,
        list_total=None,
        by_model=[
            whole.model_copy(update={"key": f"{key}-model", "label": f"{key}-model"})
        ],
        by_meter=[],
        by_workload=[whole.model_copy(update={"label": f"{label} workload"})],
    )


def make_result(
    name: str = "Acme renewal 2027", spend: SpendSection | None = None
) -> AnalysisResult:
    """An analysis of ``name`` with the spend above and pending sections."""
    spend = spend or make_spend()
    empty = not spend.by_vendor
    summary = WorkspaceSummary(
        name=name,
        as_of=date(2026, 11, 30),
        reporting_currency="USD",
        usage_rows=0 if empty else 2100,
        imports=0 if empty else 3,
        contracts=[] if empty else ["OpenAI enterprise agreement 2025"],
        vendors=[line.key for line in spend.by_vendor],
        first_day=None if empty else date(2026, 9, 1),
        last_day=None if empty else date(2026, 11, 30),
        catalog="genai-prices 0.2.3 (prices as of 2026-11-20)",
        app_version="9.8.7",
        generated_at=datetime(2026, 12, 3, 13, 20, tzinfo=UTC),
    )
    pending = {key: PendingSection(note="not yet") for key in PENDING}
    market = MarketGapSection.not_available(NO_MARKET)
    return AnalysisResult(workspace=summary, spend=spend, market_gap=market, **pending)


def empty_spend() -> SpendSection:
    return SpendSection(
        currency="USD", total=Decimal(0), list_total=None, by_vendor=[], by_model=[],
        by_meter=[], by_workload=[], by_month=[], vendors=[],
        formula="Spend = sum of rows.",
    )  # fmt: skip


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def pdf_title(path: Path) -> str:
    meta = PdfReader(path).metadata
    assert meta is not None
    return str(meta.title)


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("brief") / "brief.pdf"
    write_brief(make_result(), path)
    return path


def test_cover_names_what_when_and_from_which_data(brief: Path) -> None:
    cover = page_texts(brief)[0]

    for expected in (
        "Negotiation brief",
        "Acme renewal 2027",
        "All vendors",
        "2026-11-30",
        "2026-09-01 to 2026-11-30",
        "2026-12-03 13:20 UTC",
        "9.8.7",
        "genai-prices 0.2.3 (prices as of 2026-11-20)",
        "OpenAI enterprise agreement 2025",
        "CONFIDENTIAL",
    ):
        assert expected in cover


def test_every_page_is_marked_and_numbered_out_of_the_total(brief: Path) -> None:
    texts = page_texts(brief)

    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert "Confidential" in text
        assert "CONFIDENTIAL" in text


def test_spend_figures_are_rounded_as_by_hand(brief: Path) -> None:
    text = "\n".join(page_texts(brief))

    assert "$123,457" in text  # 123,456.785 half away from zero
    assert "$150,000" in text
    assert "17.7% below list" in text  # 26,543.215 / 150,000 = 17.695%
    assert "$26,543 saved" in text
    assert re.search(r"OpenAI\s+\$80,001\s+64\.8%\s+1,200", text)  # 80,000.50
    assert re.search(r"Anthropic\s+\$40,000\s+32\.4%\s+800", text)
    assert re.search(r"DeepSeek\s+\$3,456\s+2\.8%\s+100", text)
    assert re.search(r"All vendors\s+\$123,457\s+100\.0%\s+2,100", text)
    assert "12.35 B tokens" in text
    assert "91 days" in text


def test_long_breakdowns_fold_the_tail_into_one_row(brief: Path) -> None:
    text = "\n".join(page_texts(brief))

    assert "model-10" in text
    assert "model-11" not in text
    # model-11 (2,700) + model-12 (2,400) = 5,100, 4.13% of the total
    assert re.search(r"2 others combined\s+\$5,100\s+4\.1%\s+20", text)


def test_pending_sections_say_so_without_figures(brief: Path) -> None:
    text = "\n".join(page_texts(brief))

    assert text.count("Not yet computed in this version.") == len(PENDING)
    assert NO_MARKET in text
    assert "How these figures were computed" in text
    assert "Spend = sum of billed amounts over every usage row." in text


def test_every_font_is_embedded_and_none_is_base_14(brief: Path) -> None:
    reader = PdfReader(brief)
    names = set()

    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            if font["/Subtype"] == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            base = str(font["/BaseFont"]).lstrip("/")
            names.add(base.split("+", 1)[-1])
            assert base.split("+", 1)[-1] not in BASE_14
            assert "/FontFile2" in font["/FontDescriptor"].get_object()

    assert {"DejaVuSans", "DejaVuSans-Bold"} <= names


def test_metadata_is_set_and_no_local_path_leaks(tmp_path: Path) -> None:
    path = tmp_path / "out" / "brief.pdf"
    path.parent.mkdir()
    write_brief(make_result(), path)

    reader = PdfReader(path)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Negotiation brief: Acme renewal 2027 (All vendors)"
    assert meta.subject == "AI API spend and negotiation position as of 2026-11-30"
    assert meta.author == "Counteroffer"
    assert meta.creator == "Counteroffer 9.8.7"
    streams = [page.get_contents() for page in reader.pages]
    contents = b"".join(stream.get_data() for stream in streams if stream)
    for data in (path.read_bytes(), contents):
        assert b"/tmp" not in data
        assert str(tmp_path).encode() not in data
        assert b"brief.pdf" not in data


def test_chinese_japanese_and_korean_names_print(tmp_path: Path) -> None:
    name = "株式会社テスト 한국지사 & <R&D>"
    path = tmp_path / "cjk.pdf"

    write_brief(make_result(name), path)

    texts = page_texts(path)
    assert name in texts[0]
    assert "Extraction 文档抽取" in "\n".join(texts)
    assert pdf_title(path) == f"Negotiation brief: {name} (All vendors)"
    assert b"WenQuanYiMicroHei" in path.read_bytes()


def test_font_runs_switch_only_for_missing_glyphs() -> None:
    runs = font_runs("Acme 日本 한국 Ltd")

    assert [(run.text, run.font) for run in runs] == [
        ("Acme ", REGULAR),
        ("日本", CJK),
        (" ", REGULAR),
        ("한국", CJK),
        (" Ltd", REGULAR),
    ]
    assert markup("R&D <b>東</b>") == (
        f'R&amp;D &lt;b&gt;<font name="{CJK}">東</font>&lt;/b&gt;'
    )


@pytest.mark.parametrize("name", ["openai", "OpenAI", "OPENAI", " open ai "])
def test_vendor_matches_id_or_label_in_any_case(name: str) -> None:
    model = prepare_brief(make_result(), name)

    assert model.vendor == "openai"
    assert model.vendor_label == "OpenAI"


def test_vendor_filter_restricts_headlines_and_vendor_table(tmp_path: Path) -> None:
    path = tmp_path / "openai.pdf"

    write_brief(make_result(), path, vendor="OpenAI")

    texts = page_texts(path)
    text = "\n".join(texts)
    assert "OpenAI" in texts[0]
    assert "All vendors" not in texts[0]
    assert "Billed by OpenAI" in text
    assert "$80,001" in text
    assert re.search(r"Other vendors combined \(2\)\s+\$43,456\s+35\.2%\s+900", text)
    assert "Anthropic" not in text
    assert "openai-model" in text and "OpenAI workload" in text
    assert "model-large" not in text and "Support chatbot" not in text
    assert "are of OpenAI's spend" in text
    assert pdf_title(path).endswith("(OpenAI)")


def test_vendor_filter_restricts_the_chart_months() -> None:
    model = prepare_brief(make_result(), "anthropic")

    chart = next(
        block for block in model.sections[0].blocks if isinstance(block, ChartRef)
    )
    months = chart.spend.by_month
    assert all(set(month.by_vendor) == {"anthropic"} for month in months)
    assert sum(month.amount for month in months) == Decimal("40000.285")


def test_unknown_vendor_names_the_vendors_present(tmp_path: Path) -> None:
    path = tmp_path / "brief.pdf"

    with pytest.raises(DataError) as caught:
        write_brief(make_result(), path, vendor="Mistral")

    message = str(caught.value)
    assert "'Mistral'" in message
    assert "OpenAI (openai), Anthropic (anthropic), DeepSeek (deepseek)" in message
    assert "--vendor" in message
    assert not path.exists()


def test_empty_workspace_gives_a_valid_brief_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"

    write_brief(make_result("Nothing yet", empty_spend()), path)

    texts = page_texts(path)
    text = "\n".join(texts)
    assert "No usage has been imported into this workspace yet" in text
    assert "No usage imported" in texts[0]
    assert f"Page 1 of {len(texts)}" in texts[0]
    assert "$" not in text
    with pytest.raises(DataError, match="no usage yet"):
        prepare_brief(make_result("Nothing yet", empty_spend()), "openai")


def test_small_totals_are_shown_to_the_cent() -> None:
    spend = make_spend().model_copy(
        update={"total": Decimal("12.345"), "list_total": None}
    )

    model = prepare_brief(make_result(spend=spend), None)

    headline = model.sections[0].blocks[0]
    assert isinstance(headline, Headlines)
    assert headline.items[0].value == "$12.35"
    assert headline.items[1].value == "Not available"


def test_an_existing_brief_is_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "brief.pdf"
    path.write_bytes(b"old")

    write_brief(make_result("Small", empty_spend()), path)

    assert path.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "brief.pdf"

    with pytest.raises(ExportError, match="does not exist"):
        write_brief(make_result("Small", empty_spend()), path)


def test_a_folder_as_target_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CounterofferError, match="it is a folder"):
        write_brief(make_result("Small", empty_spend()), tmp_path)


def test_failed_rename_keeps_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "brief.pdf"
    path.write_bytes(b"old")

    def refuse(self: Path, target: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(ExportError, match="Permission denied"):
        write_brief(make_result("Small", empty_spend()), path)

    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]


def test_importing_the_package_loads_no_pdf_or_chart_library() -> None:
    code = (
        "import sys, core.brief\n"
        "heavy = {'reportlab', 'matplotlib', 'svglib'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    root = Path(__file__).resolve().parents[2]

    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


def test_a_table_longer_than_a_page_repeats_its_header(tmp_path: Path) -> None:
    model = prepare_brief(make_result(), None)
    rows = tuple((f"workload {n:03d}", f"${n:,}") for n in range(150))
    table = Table(
        "Many workloads", (Column("Workload"), Column("Billed", numeric=True)), rows
    )
    long_model = replace(
        model, sections=(Section("long", "Long table", (table,)), *model.sections)
    )
    path = tmp_path / "long.pdf"
    path.write_bytes(render_brief(long_model))

    pages = [text for text in page_texts(path) if "workload " in text]
    assert len(pages) >= 3
    assert all(re.search(r"Workload\s+Billed", text) for text in pages)
    assert "workload 149" in pages[-1]
