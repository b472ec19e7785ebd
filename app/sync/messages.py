"""Korean texts (catalogue msgids) of every refusal of USB synchronisation, and its error class.

Each message names the reason and what to do; every refusal promises that nothing was
changed, because verification happens before the database is touched.
"""
from __future__ import annotations

from app.errors import MESSAGE_SUFFIXES, MESSAGES, FieldError, InputRefused, render
from app.i18n import N_

_UNCHANGED = N_(" (데이터는 바뀌지 않았습니다)")

_TEXTS: dict[str, str] = {
    "sync_folder_missing": N_("폴더가 없습니다: {path}\nUSB가 꽂혀 있는지, 폴더 이름이 맞는지 확인하세요."),
    "sync_read_failed": N_("꾸러미를 읽다가 오류가 났습니다: {path}\nUSB를 다시 꽂거나 파일을 PC로 복사한 뒤 다시 가져오세요."),
    "sync_no_packages": N_("가져올 동기화 꾸러미(.cdsync)가 없습니다: {path}\nUSB의 꾸러미 파일이나 그 폴더를 고르세요."),
    "sync_not_package": N_("협의체 데스크 동기화 꾸러미가 아닙니다: {path}\n올바른 파일(.cdsync)을 고르세요."),
    "sync_truncated": N_("꾸러미 파일이 중간에 잘렸습니다: {path}\nUSB를 안전하게 제거하지 않았을 수 있습니다. 보낸 쪽에서 다시 내보내 주세요."),
    "sync_tampered": N_("꾸러미 파일이 손상되었거나 변조되었습니다({detail}): {path}\n이 파일은 쓰지 말고 보낸 쪽에서 다시 내보내 주세요."),
    "sync_wrong_recipient": N_("이 꾸러미는 이 기기에 보낸 것이 아닙니다: {path}\n받는 곳({recipient})을 확인하세요."),
    "sync_unknown_sender": N_("등록되지 않은 기기가 보낸 꾸러미입니다(기기 {device}): {path}\n시군구에서 먼저 기기를 등록해야 합니다."),
    "sync_revoked_sender": N_("등록이 취소된 기기가 보낸 꾸러미입니다(기기 {device}): {path}\n분실 등으로 취소된 기기의 자료는 받지 않습니다."),
    "sync_too_new": N_("더 새 버전의 협의체 데스크가 만든 꾸러미입니다({what}): {path}\n프로그램을 최신 버전으로 바꾼 뒤 가져오세요."),
    "sync_not_regular": N_("꾸러미가 보통 파일이 아닙니다(바로 가기, 장치 또는 파이프): {path}\n꾸러미 파일 자체를 고르세요."),
    "sync_file_too_large": N_("꾸러미 파일이 너무 큽니다({size}, 최대 {limit}): {path}\n보낸 쪽에 확인하세요."),
    "sync_too_large": N_("꾸러미가 너무 크거나 압축이 비정상입니다({detail}): {path}\n보낸 쪽에 확인하세요."),
    "sync_unsafe_path": N_("꾸러미 안에 허용되지 않는 파일 이름이 있습니다({name}): {path}\n이 파일은 쓰지 마세요."),
    "sync_unknown_table": N_("꾸러미에 알 수 없는 종류의 기록이 있습니다({table}): {path}"),
    "sync_bad_record": N_("꾸러미의 기록이 올바르지 않습니다({table} {id}: {detail}): {path}"),
    "sync_invalid_record": N_("꾸러미의 {table} 기록({id})이 이 프로그램의 규칙에 맞지 않습니다. {reason}\n"
                              "꾸러미: {path}\n보낸 PC에서 그 기록을 고친 뒤 다시 내보내 주세요."),
    "sync_missing_reference": N_("꾸러미의 기록이 없는 기록을 가리킵니다({table} {id} → {target} {target_id}): {path}\n"
                                 "빠진 꾸러미가 있으면 먼저 가져오세요."),
    "sync_wrong_council": N_("다른 협의체({council})의 기록이 든 꾸러미입니다: {path}\n이 협의체의 꾸러미만 가져올 수 있습니다."),
    "sync_not_enrolled": N_("아직 시군구에 등록되지 않은 기기입니다. 시군구에서 받은 등록 파일을 먼저 가져오세요(관리 → 등록 파일 받기)."),
    "sync_city_only": N_("시군구 모드에서만 할 수 있는 일입니다."),
    "sync_council_only": N_("읍면동 협의체 모드에서만 할 수 있는 일입니다."),
    "sync_need_recipient": N_("받는 곳을 고르세요: 협의체 코드 또는 기기 ID."),
    "sync_unknown_recipient": N_("받는 곳 '{value}'을(를) 찾을 수 없습니다. 등록된 협의체 코드나 기기 ID를 쓰세요."),
    "sync_no_devices": N_("협의체 '{value}'에 쓸 수 있는 등록 기기가 없습니다. 먼저 기기를 등록하세요."),
    "sync_enroll_not_file": N_("등록 파일이 아니거나 손상되었습니다: {path}\n시군구에서 다시 만들어 달라고 하세요."),
    "sync_enroll_wrong_code": N_("등록 코드가 맞지 않습니다. 시군구 화면에 보인 코드를 대시(-)까지 그대로 입력하세요."),
    "sync_enroll_wrong_council": N_("이 등록 파일은 다른 협의체({council}) 것입니다. 이 데이터 파일의 협의체 코드는 {own}입니다."),
    "sync_already_enrolled": N_("이 기기는 이미 등록되어 있습니다(기기 {device})."),
    "sync_enroll_revoked": N_("이 등록은 시군구에서 취소되었습니다."),
    "sync_unknown_device": N_("등록된 기기 '{device}'을(를) 찾을 수 없습니다."),
    "sync_conflict_not_found": N_("충돌 기록을 찾을 수 없습니다(ID {id}). 목록을 새로 고치세요."),
    "sync_conflict_closed": N_("이미 해결된 충돌입니다(ID {id})."),
    "sync_conflict_choice": N_("'{field}' 항목을 어떻게 할지 고르세요(내 것 유지 / 상대 것 받기{both})."),
    "sync_conflict_both": N_("'{field}' 항목은 글 항목이 아니어서 '둘 다 유지'를 쓸 수 없습니다."),
    "sync_no_backup": N_("가져오기 전에 백업을 만들 수 없어 가져오지 않았습니다: {detail}"),
}

# Refusals of input promise that nothing changed; the conflict choices are questions.
_QUESTIONS = {"sync_conflict_choice", "sync_conflict_both", "sync_no_backup"}
MESSAGES.update(_TEXTS)
MESSAGE_SUFFIXES.update({code: _UNCHANGED for code in _TEXTS if code not in _QUESTIONS})


class SyncRefused(InputRefused):
    """A package, an enrollment file or a sync request was refused; nothing was changed."""


class RecordRefused(SyncRefused):
    """A record of a package breaks the rules its area's services enforce: the package is
    refused, naming the table, the record and the field (in the reader's language)."""

    def __init__(self, path: str, table: str, record_id: str, error: FieldError) -> None:
        super().__init__("sync_invalid_record", path=path, table=table, id=record_id, field=error.field)
        self.error = error

    def message(self, lang: str = "ko") -> str:
        from app.areas import table_label  # the registry imports the services' modules lazily
        from app.text_rules import text_problem

        params = dict(self.error.params)
        value = params.get("value")
        if value is not None:
            # The value came from outside: never echo what looks like a 주민등록번호 or controls.
            text = str(value)[:20]
            params["value"] = "…" if text_problem("value", text) is not None else text
        reason = FieldError(self.error.field, self.error.code, params).message(lang)
        label = table_label(str(self.params["table"]), lang) or str(self.params["table"])
        return render(self.code, {**self.params, "table": label, "reason": reason}, lang)
