import sqlite3
from datetime import date
from decimal import Decimal

import pytest

from core.contract import Clauses, Commitment, CommitmentTier, Contract, ContractRate
from core.errors import WorkspaceError
from core.reference import Meter, Vendor
from core.storage import (
    SCHEMA_VERSION,
    load_workspace,
    resolve_path,
    save_workspace,
)

from .factories import row, workspace_with


def _contract() -> Contract:
    return Contract(
        name="Enterprise 2026",
        vendor=Vendor.OPENAI,
        term_start=date(2026, 1, 1),
        term_end=date(2027, 12, 31),
        rates=[ContractRate(model="gpt-5.5", meter=Meter.INPUT, price=Decimal("4.5"))],
        commitment=Commitment(
            amount=Decimal(480_000),
            tiers=[
                CommitmentTier(min_commitment=Decimal(0), discount_pct=Decimal(0)),
                CommitmentTier(
                    min_commitment=Decimal(250_000), discount_pct=Decimal(5)
                ),
            ],
        ),
        clauses=Clauses(price_review_threshold_pct=Decimal(25)),
    )


def test_save_and_reopen_keeps_every_value(tmp_path):
    workspace = workspace_with(
        [row(date(2026, 1, 1), billed="0.0000000001"), row(date(2026, 1, 2))]
    )
    workspace.contracts = [_contract()]
    workspace.assumptions = workspace.assumptions.model_copy(
        update={"fx_rates": {"EUR": Decimal("1.0834")}}
    )
    path = tmp_path / "w.counteroffer"

    save_workspace(workspace, path)
    reopened = load_workspace(path)

    assert reopened.usage.equals(workspace.usage)
    assert reopened.usage["billed_amount"].sum() == Decimal("1.0000000001")
    assert reopened.contracts == workspace.contracts
    assert reopened.assumptions == workspace.assumptions
    assert reopened.batches == workspace.batches
    assert reopened.catalog == workspace.catalog
    assert reopened.name == "Test"


def test_save_replaces_atomically_and_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "w.counteroffer"
    save_workspace(workspace_with([row(date(2026, 1, 1))]), path)
    save_workspace(workspace_with([row(date(2026, 1, 1)), row(date(2026, 1, 2))]), path)

    assert [p.name for p in tmp_path.iterdir()] == ["w.counteroffer"]
    assert len(load_workspace(path).usage) == 2


def test_failed_save_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "w.counteroffer"
    save_workspace(workspace_with([row(date(2026, 1, 1))]), path)
    before = path.read_bytes()

    def refuse(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("core.fileio.Path.replace", refuse)
    with pytest.raises(WorkspaceError, match="No space left on device"):
        save_workspace(workspace_with([row(date(2026, 1, 2))]), path)

    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["w.counteroffer"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a Counteroffer workspace"),
        (b"PK\x03\x04 a zip file", "not a Counteroffer workspace"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "damaged"),
    ],
)
def test_corrupt_file_is_refused_and_left_unchanged(tmp_path, content, message):
    path = tmp_path / "bad.counteroffer"
    path.write_bytes(content)

    with pytest.raises(WorkspaceError, match=message):
        load_workspace(path)

    assert path.read_bytes() == content


def test_truncated_workspace_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "w.counteroffer"
    save_workspace(workspace_with([row(date(2026, 1, 1))]), path)
    truncated = path.read_bytes()[:3000]
    path.write_bytes(truncated)

    with pytest.raises(WorkspaceError, match="damaged"):
        load_workspace(path)

    assert path.read_bytes() == truncated


def test_newer_workspace_is_refused_with_upgrade_advice(tmp_path):
    path = tmp_path / "w.counteroffer"
    save_workspace(workspace_with([row(date(2026, 1, 1))]), path)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    newer = path.read_bytes()

    with pytest.raises(WorkspaceError, match=r"newer Counteroffer.*update"):
        load_workspace(path)

    assert path.read_bytes() == newer


def test_other_sqlite_database_is_not_taken_for_a_workspace(tmp_path):
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()

    with pytest.raises(WorkspaceError, match="not a Counteroffer workspace"):
        load_workspace(path)


def test_missing_file_names_path_and_fix(tmp_path):
    with pytest.raises(WorkspaceError, match=r"does not exist.*counteroffer new"):
        load_workspace(tmp_path / "nothing.counteroffer")


def test_names_without_suffix_find_the_workspace(tmp_path):
    assert resolve_path(tmp_path / "demo", creating=True).name == "demo.counteroffer"
    (tmp_path / "demo.counteroffer").write_bytes(b"")
    assert resolve_path(tmp_path / "demo").name == "demo.counteroffer"


def test_rejected_rows_and_notes_survive_a_save(tmp_path):
    from core.errors import Problem
    from core.session import new_workspace
    from core.usage import usage_frame

    workspace = new_workspace("Audit")
    rejected = [
        Problem("not a number", "write digits", "a.csv", None, 7, "amount", "1O")
    ]
    workspace.add_batch(
        usage_frame([row(date(2026, 1, 1))]),
        file_name="a.csv",
        source_format="generic",
        fingerprint="f" * 64,
        rejected=rejected,
        duplicates=3,
        notes=["ignored totals row 9"],
    )
    path = tmp_path / "w.counteroffer"

    save_workspace(workspace, path)
    batch = load_workspace(path).batches[0]

    assert batch.rejected == rejected
    assert (batch.duplicates, batch.notes) == (3, ["ignored totals row 9"])
