"""Directory and donation printouts, read back with pdftotext: 지역자원 현황 by service area,
the one-page resource card, the 후원금품 관리대장 (received → handed out → balance) and the
수입·사용 결과 보고 (donors named only with their consent, households never); private
contacts never printed; fonts embedded; and the ``print`` kinds of the command line."""
from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

import app.security.keyring as keyring_module
from app.cli import main
from app.reports.donations_pdf import write_donation_ledger_pdf, write_donation_report_pdf
from app.reports.resources_pdf import write_resource_card_pdf, write_resources_pdf
from app.resources.donation_rules import DistributionData, DonationData, PoolKey
from app.resources.donations import record_distribution, record_donation
from app.resources.rules import OrganizationData, ServiceData
from app.resources.services import create_organization, create_service
from app.security.permissions import Actor, NotAllowed
from db.resource_models import Contact, Phone
from tests.conftest import FAST_KDF

pytestmark = pytest.mark.skipif(subprocess.run(["which", "pdftotext"], capture_output=True).returncode != 0,
                                reason="poppler-utils needed")

TODAY = date(2026, 11, 24)
PASSWORD = "cli-pass-2026"
PRIVATE = "010-2345-6789"
RICE = PoolKey("goods", "쌀", "kg")


def text_of(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def squeezed(path: Path) -> str:
    return re.sub(r"\s+", " ", text_of(path))


def fonts_embedded(path: Path) -> bool:
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    return bool(lines) and all(line.split()[-5] == "yes" for line in lines)


def in_order(text: str, *parts: str) -> bool:
    at = 0
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


@pytest.fixture
def small_ledger(db):  # type: ignore[no-untyped-def]
    org = create_organization(db.uow(), OrganizationData("햇살 푸드뱅크", "partnership")).id
    service = create_service(db.uow(), ServiceData(org, "식품 나눔", "material", service_areas=("welfare",),
                                                   application_process="행정복지센터 추천"), TODAY).id
    with db.session_factory.begin() as session:
        session.info.update(db.session_factory.kw.get("info", {}))
        session.add(Contact(organization_id=org, name="임수정", title="총무", private_phone=PRIVATE))
        session.add(Phone(organization_id=org, number="043-123-4700", description="사무실"))

    def gift(on: date, name: str, consent: bool, quantity: int) -> None:
        record_donation(db.uow(), DonationData(on, "person", "goods", donor_name=name, donor_contact="010-9999-8888",
                                               consent_to_name=consent, item="쌀", quantity=quantity, unit="kg",
                                               amount=quantity * 3000), TODAY)

    gift(date(2026, 3, 2), "김공개", True, 100)
    gift(date(2026, 3, 5), "이숨김", False, 50)
    record_donation(db.uow(), DonationData(date(2026, 3, 6), "anonymous", "cash", amount=200_000), TODAY)
    record_distribution(db.uow(), DistributionData(date(2026, 3, 10), RICE, quantity=30, service_id=service), TODAY)
    record_distribution(db.uow(), DistributionData(date(2026, 3, 12), RICE, quantity=20,
                                                   recipient="하촌리 박○○ 어르신 댁"), TODAY)
    return service


def test_the_ledger_reads_received_then_handed_out_with_the_balance(db, small_ledger, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_donation_ledger_pdf(db.uow(), tmp_path / "ledger.pdf", None, None, "햇살면 지역사회보장협의체", TODAY)
    text = squeezed(path)
    assert in_order(text, "후원금품 관리대장", "1. 후원금: 현금", "접수 익명 200,000 200,000",
                    "2. 후원품: 쌀(kg)", "접수 김공개 100 100", "접수 이숨김 50 150", "배분 식품 나눔 30 120",
                    "배분 하촌리 박○○ 어르신 댁 20 100", "계 150 50 100", "끝.")
    assert "010-9999-8888" not in text and fonts_embedded(path)


def test_the_report_names_only_consenting_donors_and_no_household(db, small_ledger, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_donation_report_pdf(db.uow(), tmp_path / "report.pdf", date(2026, 1, 1), date(2026, 6, 30),
                                     "햇살면 지역사회보장협의체", TODAY)
    text = squeezed(path)
    assert "김공개" in text and "이숨김" not in text and "박○○" not in text and "010-9999-8888" not in text
    assert in_order(text, "수입·사용 결과 보고", "1. 수입", "김공개", "비공개", "익명", "이하 빈칸", "2. 사용",
                    "식품 나눔", "가구 지원", "이하 빈칸", "3. 잔액", "쌀(kg) 0kg 150kg 50kg 100kg", "끝.")
    assert fonts_embedded(path)  # printed by the administrator, who sees every donor: consent decides
    db.actor = Actor("v", "viewer")
    with pytest.raises(NotAllowed):
        write_donation_report_pdf(db.uow(), tmp_path / "no.pdf", date(2026, 1, 1), date(2026, 6, 30), "x", TODAY)


def test_a_role_without_personal_access_prints_the_ledger_without_names(db, small_ledger, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db.actor = Actor("w", "case_worker")  # may print and read cases, not members' personal data
    text = squeezed(write_donation_ledger_pdf(db.uow(), tmp_path / "l.pdf", None, None, "협의체", TODAY))
    assert "김공개" not in text and "이숨김" not in text and "개인(비공개)" in text


def test_directory_and_card_print_public_numbers_only(db, small_ledger, tmp_path) -> None:  # type: ignore[no-untyped-def]
    listing = write_resources_pdf(db.uow(), tmp_path / "resources.pdf", TODAY, "햇살면 지역사회보장협의체")
    text = squeezed(listing)
    assert in_order(text, "지역자원 현황", "1. 복지 (1개)", "식품 나눔", "햇살 푸드뱅크", "043-123-4700",
                    "2. 보건 (0개)", "8. 관광 (0개)", "끝.")
    card = write_resource_card_pdf(db.uow(), small_ledger, tmp_path / "card.pdf", TODAY, "햇살면 지역사회보장협의체")
    card_text = squeezed(card)
    assert in_order(card_text, "식품 나눔", "무엇을", "누구에게", "신청 방법", "행정복지센터 추천", "문의",
                    "043-123-4700", "담당: 임수정 총무")
    for path in (listing, card):
        assert PRIVATE not in text_of(path) and fonts_embedded(path)
    assert re.search(r"^Pages:\s+1$", subprocess.run(["pdfinfo", str(card)], capture_output=True, text=True).stdout,
                     re.MULTILINE)


# ---------------------------------------------------------------- the command line

@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keyring_module, "DEFAULT_KDF", FAST_KDF)
        patch.setenv("COUNCILDESK_PASSWORD", PASSWORD)
        patch.setenv("COUNCILDESK_HOME", str(tmp_path_factory.mktemp("home")))
        assert main(["demo", "--db", str(path)]) == 0
    return path


def run(capsys, monkeypatch, path: Path, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COUNCILDESK_PASSWORD", PASSWORD)
    capsys.readouterr()
    code = main(["print", *argv, "--db", str(path), "--user", "admin", "--date", "2026-11-24"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_print_kinds_from_the_command_line(demo_file, tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "resources.pdf"
    assert run(capsys, monkeypatch, demo_file, "resources", "--out", str(out))[0] == 0
    text = squeezed(out)
    assert in_order(text, "지역자원 현황", "1. 복지", "도시락 배달", "2. 보건", "방문 간호", "끝.")
    assert PRIVATE not in text
    code, _, err = run(capsys, monkeypatch, demo_file, "resource-card", "--out", str(tmp_path / "c.pdf"))
    assert code == 2 and "--service" in err
    ledger = tmp_path / "ledger.pdf"
    assert run(capsys, monkeypatch, demo_file, "donations", "--from", "2026-07-01", "--to", "2026-11-24",
               "--out", str(ledger))[0] == 0
    assert in_order(squeezed(ledger), "후원금품 관리대장", "2026. 7. 1. ~ 2026. 11. 24.", "이월", "접수", "배분", "계")
    report = tmp_path / "report.pdf"
    code, stdout, err = run(capsys, monkeypatch, demo_file, "donations", "--kind", "report", "--from", "2026-01-01",
                            "--to", "2026-06-30", "--out", str(report), "--json")
    assert code == 0, err
    assert '"kind": "donations"' in stdout
    assert in_order(squeezed(report), "수입·사용 결과 보고", "1. 수입", "2. 사용", "3. 잔액", "끝.")
    code, _, err = run(capsys, monkeypatch, demo_file, "donations", "--from", "2026-07-01", "--to", "2026-01-01",
                       "--out", str(tmp_path / "x.pdf"))
    assert code == 3 and "--from" in err


def test_print_a_resource_card_by_id_prefix(demo_file, tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import json

    monkeypatch.setenv("COUNCILDESK_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert main(["search", "resources", "방문 간호", "--db", str(demo_file), "--user", "admin", "--json"]) == 0
    service = json.loads(capsys.readouterr().out)["results"][0]["id"]
    card = tmp_path / "card.pdf"
    assert run(capsys, monkeypatch, demo_file, "resource-card", "--service", service[:8], "--out", str(card))[0] == 0
    assert in_order(squeezed(card), "방문 간호", "햇살면 보건지소", "문의", "043-123-4600")
