"""The network map's links from case work: organizations given roles for the same case at
a conference, and organizations the same person was referred to, in the period; and
nothing about the person reaches the map."""
from __future__ import annotations

from app.cases.conferences import create_conference, discuss_case
from app.cases.referrals import refer_client
from app.cases.rules import ConferenceData, DiscussionData, ReferralData, RoleData
from app.cases.services import record_step
from app.network.graph import network_map
from app.network.sources import referral_links, role_sharing_links
from tests.app.cases.support import TODAY, client, days, organization, provision, received_case, service


def _assessed(db, name: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    person = client(db, name)
    case = received_case(db, person, received=30)
    record_step(db.uow(), case, "assessed", days(25), TODAY)
    return person, case


def test_roles_for_one_case_link_their_organizations_within_the_period(db) -> None:  # type: ignore[no-untyped-def]
    welfare, care, church = (organization(db, name) for name in ("햇살군 노인복지관", "햇살 돌봄센터", "햇살교회"))
    kim, kim_case = _assessed(db, "김순자")
    choi, choi_case = _assessed(db, "최덕수")
    conference = create_conference(db.uow(), ConferenceData(days(10), "회의실"), TODAY).id
    discuss_case(db.uow(), conference, DiscussionData(kim_case, "돌봄 연계", "integrated", days(-20), (
        RoleData("노인맞춤돌봄", welfare, "", "송하늘", days(-5)), RoleData("반찬", care, "", "", days(-5)),
        RoleData("안부 확인", None, "마을 부녀회", "", days(-5)))))
    # Roles for another case of the same conference do not link across cases.
    discuss_case(db.uow(), conference, DiscussionData(choi_case, "보류", "hold", None,
                                                       (RoleData("방문", church, "", "", days(-5)),)))
    with db.session_factory() as s:
        assert sorted(role_sharing_links(s, days(30), TODAY)) == [tuple(sorted((welfare, care))) + ("role_sharing",)]
        assert list(role_sharing_links(s, days(5), TODAY)) == []  # the conference was before the period
    # The map reads every source: the two organizations are one group, the church stands alone.
    graph = network_map(db.uow(), days(30), TODAY).graph
    assert [(e.key, e.kinds) for e in graph.edges] == [(tuple(sorted((welfare, care))), (("role_sharing", 1),))]
    assert church in graph.isolated


def test_referrals_of_one_person_link_the_organizations_asked(db) -> None:  # type: ignore[no-untyped-def]
    welfare, care, far = (organization(db, name) for name in ("햇살군 노인복지관", "햇살 돌봄센터", "달빛 복지관"))
    lunch, bath, other = service(db, welfare, "도시락"), service(db, care, "목욕"), service(db, far, "이동 지원")
    kim = client(db, "김순자")
    lee = client(db, "이만복")
    for org in (welfare, care):
        provision(db, kim, org)
    provision(db, lee, far)
    refer_client(db.uow(), ReferralData(kim, days(3), "끼니", "도시락", service_id=lunch), TODAY)
    refer_client(db.uow(), ReferralData(kim, days(2), "위생", "목욕", service_id=bath), TODAY)
    refer_client(db.uow(), ReferralData(lee, days(2), "이동", "병원 동행", service_id=other), TODAY)
    with db.session_factory() as s:
        assert list(referral_links(s, days(10), TODAY)) == [tuple(sorted((welfare, care))) + ("referral",)]
        assert list(referral_links(s, days(2), TODAY)) == []  # one referral each in this shorter period
