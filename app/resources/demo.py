"""The demo directory of 햇살면: about forty organizations and fifty services in realistic
Korean (도시락 배달, 반찬 나눔, 목욕 봉사, 이동 지원, 집수리, 방문 간호 ...), with places,
contacts (one volunteer leader's own mobile, which stays on this PC), verification dates
of which a few are overdue, and one service closed for the winter; and a year of
donations (``donations_demo``).

Every record passes the area's rules, as a typed entry would.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from app.resources.donations_demo import build_demo_donations
from app.resources.rules import (OrganizationData, ServiceData, clean_organization, clean_service,
                                 validate_organization, validate_service)
from app.security.permissions import Permission, require
from db.base import new_uuid
from db.resource_models import Address, Contact, Location, Organization, Phone, Service, ServiceAtLocation
from db.session import Database

VILLAGES = ("상촌리", "중촌리", "하촌리", "신기리", "평촌리")

# name, sector, description
_ORGANIZATIONS: tuple[tuple[str, str, str], ...] = (
    ("햇살면 행정복지센터", "public", "맞춤형복지팀이 복지 상담과 급여 신청, 사례관리를 맡습니다."),
    ("햇살면 보건지소", "public", "방문건강관리와 만성질환 관리, 예방접종을 합니다."),
    ("햇살군 노인복지관", "public", "어르신 여가·건강 프로그램과 노인맞춤돌봄서비스를 운영합니다."),
    ("햇살군 장애인복지관", "public", "장애인 재활·주간보호·이동 지원을 합니다."),
    ("햇살군 가족센터", "public", "다문화가족과 한부모가족의 상담, 방문교육, 통번역을 지원합니다."),
    ("햇살군 정신건강복지센터", "public", "우울·자살 예방 상담과 정신건강 사례관리를 합니다."),
    ("햇살군 치매안심센터", "public", "치매 조기검진과 인지 프로그램, 가족 지원을 합니다."),
    ("햇살군 고용복지플러스센터", "public", "일자리 상담과 국민취업지원제도 신청을 돕습니다."),
    ("햇살군 청소년상담복지센터", "public", "청소년 상담과 위기청소년 지원을 합니다."),
    ("햇살면 새마을부녀회", "private", "밑반찬 나눔과 김장 나눔을 하는 주민 단체입니다."),
    ("햇살면 자원봉사회", "private", "목욕 봉사, 말벗 봉사, 환경 정비를 하는 봉사 단체입니다."),
    ("햇살면 생활개선회", "private", "농촌 여성 단체로 반찬 만들기와 어르신 생신상을 차립니다."),
    ("햇살면 노인회 분회", "private", "경로당 운영과 어르신 안부 확인을 돕습니다."),
    ("햇살면 주민자치회", "partnership", "마을 의제를 정하고 주민 참여 사업을 운영합니다."),
    ("햇살면 바르게살기위원회", "private", "마을 환경 정비와 이웃 돕기를 합니다."),
    ("햇살면 의용소방대", "private", "화재 예방 점검과 소화기 보급을 돕습니다."),
    ("햇살농협", "private", "농업인 복지 사업과 장학금, 농기계 임대를 합니다."),
    ("햇살우체국", "public", "우체국 집배원이 홀몸어르신 안부를 확인합니다."),
    ("햇살파출소", "public", "어르신 교통안전 교육과 순찰을 합니다."),
    ("햇살교회", "private", "무료 점심과 쌀 나눔을 합니다."),
    ("햇살성당", "private", "빈첸시오회가 생계가 어려운 이웃을 돕습니다."),
    ("햇살사 (사찰)", "private", "명절 쌀과 생필품을 나눕니다."),
    ("햇살면 지역아동센터", "private", "방과 후 아동 돌봄과 학습 지도, 저녁 식사를 제공합니다."),
    ("햇살초등학교", "public", "돌봄교실과 방과후학교를 운영합니다."),
    ("햇살중학교", "public", "교육복지 프로그램과 진로 상담을 합니다."),
    ("햇살면 작은도서관", "partnership", "책 읽기 모임과 어르신 한글 교실을 엽니다."),
    ("햇살 재가노인복지센터", "private", "방문요양과 방문목욕, 주야간보호를 합니다."),
    ("햇살 지역자활센터", "partnership", "자활 근로로 집수리와 도시락 사업을 합니다."),
    ("햇살 사랑의 집수리 봉사단", "private", "전기·보일러·지붕 수리를 봉사로 합니다."),
    ("햇살 한의원", "private", "어르신 무료 침 진료 봉사를 합니다."),
    ("햇살 약국", "private", "복약 상담과 상비약 나눔을 합니다."),
    ("햇살 이미용 봉사단", "private", "어르신 이발과 미용 봉사를 합니다."),
    ("햇살 택시 협동조합", "private", "병원 가는 어르신 이동을 돕습니다."),
    ("햇살면 청년회", "private", "명절 연탄 배달과 무거운 짐 나르기를 돕습니다."),
    ("햇살 적십자 봉사회", "private", "재난 구호와 반찬 나눔을 합니다."),
    ("햇살 사회복지공동모금 나눔가게", "partnership", "착한가게 후원으로 생필품을 지원합니다."),
    ("햇살 다문화 친구들", "private", "결혼이민자 자조 모임으로 통역과 한국어 공부를 돕습니다."),
    ("햇살 장애인 부모회", "private", "발달장애인 가족 모임과 나들이를 합니다."),
    ("햇살 푸드뱅크", "partnership", "기부받은 식품과 생필품을 저소득 가구에 나눕니다."),
    ("햇살 법률홈닥터", "public", "무료 법률 상담(채무·임대차·상속)을 합니다."),
)

# organization, name, kind, areas, targets, description, how to apply, (capacity, use, unit)
_SERVICES: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], str, str, tuple[int, int, str] | None], ...] = (
    ("햇살 지역자활센터", "도시락 배달", "program", ("welfare",), ("living_alone", "low_income"),
     "결식 우려 홀몸어르신께 평일 점심 도시락을 배달합니다.", "행정복지센터 맞춤형복지팀에 신청", (30, 27, "도시락/일")),
    ("햇살면 새마을부녀회", "밑반찬 나눔", "material", ("welfare",), ("living_alone", "elderly"),
     "매주 목요일 밑반찬 세 가지를 만들어 가정에 전합니다.", "이장 또는 행정복지센터에 알림", (40, 35, "가구/주")),
    ("햇살면 생활개선회", "어르신 생신상 차리기", "human", ("welfare", "culture"), ("living_alone",),
     "홀로 생일을 맞는 어르신께 생신상을 차려 드립니다.", "회장에게 전화", (4, 1, "가구/월")),
    ("햇살면 자원봉사회", "목욕 봉사", "human", ("welfare", "health"), ("elderly", "disabled"),
     "거동이 불편한 어르신을 목욕탕에 모셔 목욕을 돕습니다.", "자원봉사회 총무에게 신청", (12, 12, "명/월")),
    ("햇살면 자원봉사회", "말벗 봉사", "human", ("welfare",), ("living_alone",),
     "주 1회 방문하여 말벗이 되고 안부를 살핍니다.", "자원봉사회 총무에게 신청", (20, 9, "명")),
    ("햇살 재가노인복지센터", "방문 목욕", "program", ("welfare", "health"), ("elderly",),
     "장기요양 등급 어르신 댁에 목욕 차량이 찾아갑니다.", "장기요양 인정 후 센터와 계약", (25, 22, "명")),
    ("햇살 재가노인복지센터", "방문요양", "program", ("welfare",), ("elderly",),
     "요양보호사가 댁을 방문해 식사·청소·외출을 돕습니다.", "장기요양 인정 후 센터와 계약", (40, 38, "명")),
    ("햇살면 보건지소", "방문 간호", "program", ("health",), ("elderly", "disabled"),
     "간호사가 가정을 방문해 혈압·혈당을 재고 복약을 살핍니다.", "보건지소에 전화", (60, 41, "명")),
    ("햇살면 보건지소", "만성질환 건강교실", "program", ("health",), ("elderly",),
     "고혈압·당뇨 어르신 건강교실을 경로당에서 엽니다.", "경로당에서 바로 참여", None),
    ("햇살군 치매안심센터", "치매 조기검진", "program", ("health",), ("elderly",),
     "만 60세 이상 어르신 치매 선별검사를 무료로 합니다.", "센터 방문 또는 찾아가는 검진 신청", None),
    ("햇살군 치매안심센터", "기억 쉼터", "program", ("health", "culture"), ("elderly",),
     "경증 치매 어르신 인지 강화 프로그램입니다.", "검진 후 센터에서 안내", (15, 11, "명")),
    ("햇살군 노인복지관", "노인맞춤돌봄서비스", "program", ("welfare",), ("elderly", "living_alone"),
     "안부 확인, 생활 교육, 사회 참여를 돕는 돌봄 서비스입니다.", "행정복지센터에 신청", (80, 76, "명")),
    ("햇살군 노인복지관", "어르신 건강체조", "program", ("sports", "health"), ("elderly",),
     "주 2회 경로당 순회 건강체조 교실입니다.", "경로당에서 바로 참여", None),
    ("햇살군 장애인복지관", "장애인 이동 지원", "program", ("welfare",), ("disabled",),
     "휠체어 탑승 차량으로 병원과 관공서 이동을 돕습니다.", "복지관에 사흘 전 예약", (8, 5, "회/일")),
    ("햇살군 장애인복지관", "주간보호", "facility", ("welfare",), ("disabled",),
     "성인 발달장애인 낮 시간 보호와 활동 프로그램입니다.", "복지관 상담 후 이용", (20, 20, "명")),
    ("햇살 택시 협동조합", "병원 동행 이동 지원", "human", ("welfare", "health"), ("elderly",),
     "읍내 병원에 가는 어르신을 모셔다 드립니다.", "전날까지 조합에 전화 예약", (10, 4, "회/일")),
    ("햇살 지역자활센터", "집수리 (주거환경 개선)", "program", ("housing",), ("low_income", "elderly"),
     "도배·장판·단열 등 낡은 집을 고쳐 드립니다.", "행정복지센터에 신청, 현장 확인 후 선정", (12, 12, "가구/년")),
    ("햇살 사랑의 집수리 봉사단", "전기·보일러 수리 봉사", "human", ("housing",), ("living_alone", "low_income"),
     "누전, 보일러 고장 등 급한 수리를 봉사로 합니다.", "봉사단장에게 전화", None),
    ("햇살면 의용소방대", "소화기·화재경보기 보급", "material", ("housing",), ("elderly", "disabled"),
     "주택용 소방시설을 달아 드립니다.", "행정복지센터에 신청", (50, 18, "가구/년")),
    ("햇살교회", "무료 점심 나눔", "material", ("welfare",), ("elderly", "everyone"),
     "매주 수요일 어르신 무료 점심을 드립니다.", "교회 식당으로 오시면 됩니다", (60, 45, "명/주")),
    ("햇살교회", "쌀 나눔", "material", ("welfare",), ("low_income",), "명절마다 쌀 10kg을 나눕니다.",
     "행정복지센터 추천", (30, 30, "가구")),
    ("햇살성당", "긴급 생계비 지원", "financial", ("welfare",), ("low_income",),
     "갑작스런 위기 가구에 생계비를 지원합니다.", "행정복지센터 추천서 필요", None),
    ("햇살사 (사찰)", "명절 생필품 나눔", "material", ("welfare",), ("low_income", "living_alone"),
     "설·추석에 생필품 꾸러미를 드립니다.", "행정복지센터 추천", (40, 40, "가구")),
    ("햇살면 지역아동센터", "방과 후 돌봄", "facility", ("welfare", "education"), ("children",),
     "방과 후 학습 지도와 저녁 식사를 제공합니다.", "센터에 직접 신청", (29, 26, "명")),
    ("햇살초등학교", "돌봄교실", "program", ("education",), ("children",), "저학년 오후 돌봄교실입니다.",
     "학교에 신청", (40, 40, "명")),
    ("햇살중학교", "교육복지 멘토링", "program", ("education",), ("youth", "low_income"),
     "대학생 멘토가 학습과 진로를 돕습니다.", "교육복지사에게 신청", (15, 9, "명")),
    ("햇살군 청소년상담복지센터", "위기청소년 상담", "program", ("welfare", "education"), ("youth",),
     "학교 밖 청소년과 위기 청소년을 상담합니다.", "전화 1388", None),
    ("햇살면 작은도서관", "어르신 한글 교실", "program", ("education", "culture"), ("elderly",),
     "글을 배우지 못한 어르신 한글 교실입니다.", "도서관에 신청", (15, 12, "명")),
    ("햇살면 작은도서관", "책 꾸러미 배달", "material", ("culture",), ("children", "disabled"),
     "도서관에 오기 어려운 가정에 책을 빌려 드립니다.", "도서관에 전화", None),
    ("햇살군 가족센터", "다문화가족 방문 한국어 교육", "program", ("education",), ("multicultural",),
     "방문지도사가 한국어와 자녀 양육을 가르칩니다.", "센터에 신청", (10, 10, "가정")),
    ("햇살 다문화 친구들", "통역 도움", "information", ("welfare",), ("multicultural",),
     "베트남어·중국어 통역으로 병원과 관공서 일을 돕습니다.", "모임 대표에게 전화", None),
    ("햇살군 가족센터", "한부모가족 상담", "program", ("welfare",), ("single_parent",),
     "한부모가족 양육·생활 상담입니다.", "센터에 전화", None),
    ("햇살군 정신건강복지센터", "마음건강 상담", "program", ("health",), ("everyone",),
     "우울, 불면, 자살 위기 상담을 합니다.", "센터 전화 또는 방문", None),
    ("햇살군 고용복지플러스센터", "노인 일자리 안내", "information", ("employment",), ("elderly",),
     "공익활동형 노인 일자리 모집을 안내합니다.", "센터 또는 행정복지센터 방문", None),
    ("햇살군 고용복지플러스센터", "국민취업지원제도 상담", "program", ("employment",), ("low_income", "youth"),
     "취업 상담과 구직촉진수당 신청을 돕습니다.", "센터 방문", None),
    ("햇살농협", "농기계 임대", "facility", ("employment",), ("everyone",), "소형 농기계를 싸게 빌려 드립니다.",
     "농협 농기계은행에 예약", None),
    ("햇살농협", "농업인 자녀 장학금", "financial", ("education",), ("youth",),
     "농업인 자녀 고등학생·대학생 장학금입니다.", "농협에 서류 제출", (10, 0, "명/년")),
    ("햇살우체국", "집배원 안부 확인", "human", ("welfare",), ("living_alone",),
     "집배원이 배달하며 홀몸어르신 안부를 살핍니다.", "행정복지센터에 신청", (30, 22, "명")),
    ("햇살파출소", "어르신 교통안전 교육", "information", ("welfare",), ("elderly",),
     "보행·경운기 안전 교육을 경로당에서 합니다.", "파출소에 전화", None),
    ("햇살 한의원", "무료 침 진료", "human", ("health",), ("elderly",), "매월 첫째 토요일 경로당 순회 침 진료입니다.",
     "경로당에서 바로 참여", (30, 25, "명/월")),
    ("햇살 약국", "복약 상담", "information", ("health",), ("elderly",), "여러 약을 드시는 어르신 복약을 살핍니다.",
     "약국 방문", None),
    ("햇살 이미용 봉사단", "이미용 봉사", "human", ("welfare",), ("elderly", "disabled"),
     "경로당과 가정을 찾아가 이발과 파마를 해 드립니다.", "봉사단에 전화", (25, 20, "명/월")),
    ("햇살면 청년회", "연탄 배달", "human", ("housing", "welfare"), ("low_income", "elderly"),
     "겨울철 연탄을 집까지 날라 드립니다.", "청년회장에게 전화", (20, 14, "가구")),
    ("햇살 적십자 봉사회", "재난 구호 물품", "material", ("welfare",), ("everyone",),
     "수해·화재 피해 가구에 구호 물품을 드립니다.", "행정복지센터에 알림", None),
    ("햇살 푸드뱅크", "식품 나눔", "material", ("welfare",), ("low_income",),
     "기부 식품과 생필품을 월 1회 나눕니다.", "행정복지센터 추천 후 등록", (50, 47, "가구/월")),
    ("햇살 사회복지공동모금 나눔가게", "착한가게 생필품 지원", "financial", ("welfare",), ("low_income",),
     "착한가게 후원금으로 생필품을 지원합니다.", "행정복지센터 추천", None),
    ("햇살 장애인 부모회", "발달장애인 가족 나들이", "program", ("culture", "tourism"), ("disabled",),
     "발달장애인 가족이 함께하는 계절 나들이입니다.", "부모회에 신청", (30, 18, "명/회")),
    ("햇살 법률홈닥터", "무료 법률 상담", "information", ("welfare",), ("everyone",),
     "채무·임대차·상속 법률 상담을 무료로 합니다.", "행정복지센터에 예약", (8, 3, "건/주")),
    ("햇살면 행정복지센터", "긴급복지 지원 상담", "information", ("welfare",), ("everyone",),
     "위기 상황의 가구에 긴급복지 생계·의료·주거 지원을 안내합니다.", "맞춤형복지팀 방문 또는 전화", None),
    ("햇살면 주민자치회", "마을 공동 밥상", "program", ("welfare", "culture"), ("elderly", "everyone"),
     "겨울철 마을회관 공동 밥상을 차립니다.", "이장에게 신청", (40, 32, "명/일")),
)


def build_demo_resources(db: Database, today: date) -> None:
    """Add the demo directory in one transaction. Each record passes the area's rules
    (``app.resources.rules``), as the services would check it; one session instead of a
    hundred units of work keeps every test that builds the demo fast."""
    require(db.actor, Permission.RESOURCES_EDIT)
    with db.session_factory.begin() as session:
        session.info.update(db.session_factory.kw.get("info", {}))
        organization_ids: dict[str, str] = {}
        for name, sector, description in _ORGANIZATIONS:
            data = clean_organization(OrganizationData(name, sector, description))
            assert not validate_organization(data), name
            organization_ids[name] = new_uuid()
            session.add(Organization(id=organization_ids[name], status="active", **vars(data)))
        session.flush()
        service_ids = [_add_service(session, index, entry, organization_ids, today)
                       for index, entry in enumerate(_SERVICES)]
        session.flush()
        _add_places_and_contacts(session, organization_ids, service_ids)
        session.flush()
        build_demo_donations(session, organization_ids, dict(zip(_names(), service_ids)), today)


def _add_service(session: Session, index: int, entry: tuple, organization_ids: dict[str, str], today: date) -> str:
    org, name, kind, areas, targets, description, apply, room = entry
    capacity, use, unit = room if room is not None else (None, 0, "")
    places = (VILLAGES[index % len(VILLAGES)], VILLAGES[(index + 2) % len(VILLAGES)]) if index % 3 == 0 else ()
    data = clean_service(ServiceData(
        organization_id=organization_ids[org], name=name, resource_kind=kind, description=description,
        service_areas=areas, target_groups=targets, application_process=apply,
        minimum_age=65 if "elderly" in targets or "living_alone" in targets else None,
        fees_description="무료" if kind != "facility" else "일부 본인 부담",
        schedule_description="평일 오전 9시~오후 6시" if index % 2 == 0 else "매주 목요일",
        area_places=places, capacity=capacity, capacity_unit=unit, current_use=use))
    assert not validate_service(data), name
    # Verification spread over two years: every fifth one is overdue for its re-check.
    days = 420 + index * 7 if index % 5 == 0 else (index * 11) % 300
    closed = name == "마을 공동 밥상"
    row = Service(id=new_uuid(), **{k: ",".join(v) if isinstance(v, tuple) else v for k, v in vars(data).items()},
                  status="temporarily_closed" if closed else "active",
                  status_notice="마을회관 보수 공사로 잠시 쉽니다." if closed else "",
                  closed_until=today + timedelta(days=60) if closed else None,
                  last_verified_on=today - timedelta(days=days), last_verified_by="이민지")
    session.add(row)
    return row.id


def _names() -> list[str]:
    return [entry[1] for entry in _SERVICES]


def _add_places_and_contacts(session: Session, organization_ids: dict[str, str], service_ids: list[str]) -> None:
    """Locations, addresses, public phones and contacts (no services for these yet: HSDS
    import and the tab add them in later slices)."""
    centre = Location(id=new_uuid(), organization_id=organization_ids["햇살면 행정복지센터"], name="햇살면 행정복지센터",
                      latitude="36.6421", longitude="127.4890")
    session.add(centre)
    session.flush()  # no ORM relationships order these inserts: the place goes in first
    session.add(Address(location_id=centre.id, address_1="햇살로 12", city="햇살면",
                        region="중촌리", state_province="충청북도", postal_code="28100"))
    session.add(Phone(organization_id=organization_ids["햇살면 행정복지센터"], number="043-123-4500",
                      type="voice", description="맞춤형복지팀"))
    for index, village in enumerate(VILLAGES):
        hall = Location(id=new_uuid(), name=f"{village} 경로당", description="마을 어르신 쉼터")
        session.add(hall)
        session.flush()
        session.add(Address(location_id=hall.id, address_1=f"{village}길 {index + 3}", city="햇살면",
                            region=village, state_province="충청북도"))
        session.add(ServiceAtLocation(service_id=service_ids[_names().index("어르신 건강체조")],
                                      location_id=hall.id))
    session.flush()
    session.add(Contact(organization_id=organization_ids["햇살면 자원봉사회"], name="임수정", title="총무",
                     private_phone="010-2345-6789"))
    session.add(Contact(organization_id=organization_ids["햇살면 보건지소"], name="정미경", title="방문간호사",
                        email="health@haetsal.go.kr"))
    session.add(Phone(organization_id=organization_ids["햇살면 보건지소"], number="043-123-4600", type="voice"))
