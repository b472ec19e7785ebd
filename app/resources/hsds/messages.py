"""Messages of the HSDS import and export (Korean msgids), registered into ``app.errors``
when ``app.resources.hsds`` is imported."""
from __future__ import annotations

from app.errors import FIELD_LABELS, MESSAGES
from app.i18n import N_, NP_

MESSAGES.update({
    "hsds_not_a_folder": N_("HSDS 패키지는 폴더입니다: {path}\n파일이 아닌 폴더를 고르세요."),
    "hsds_no_tables": N_("HSDS 패키지에서 읽을 표가 없습니다: {path}\norganizations.csv, services.csv처럼 "
                         "표준 이름의 CSV 파일이 있는 폴더를 고르세요."),
    "hsds_file_too_large": N_("{file} 파일이 너무 큽니다({size}MB). {limit}MB를 넘는 파일은 읽지 않습니다. "
                              "아무것도 가져오지 않았습니다."),
    "hsds_not_utf8": N_("{file} 파일이 UTF-8 글자 인코딩이 아닙니다. UTF-8 CSV로 다시 저장하세요."),
    "hsds_bad_datapackage": N_("datapackage.json을 읽을 수 없어 표준 파일 이름으로 읽었습니다."),
    "hsds_unknown_column": N_("{file}에 HSDS 표준에 없는 열 '{column}'이(가) 있습니다. 열 이름을 표준대로 고치세요 "
                              "(표준 열: {expected})."),
    "hsds_duplicate_column": N_("{file}에 같은 열 '{column}'이(가) 두 번 있습니다."),
    "hsds_missing_column": N_("{file}에 꼭 있어야 할 열 '{column}'이(가) 없습니다."),
    "hsds_field_too_large_at": N_("{file} {row}행: 칸의 글이 너무 깁니다(한 칸에 {limit}자까지). "
                                  "아무것도 가져오지 않았습니다."),
    "hsds_bad_csv_at": N_("{file} {row}행: CSV 형식이 맞지 않습니다({detail}). 아무것도 가져오지 않았습니다."),
    "hsds_wrong_cell_count": N_("칸 수({count})가 열 수({expected})와 다릅니다."),
    "hsds_not_uuid": N_("{field} '{value}'은(는) HSDS가 요구하는 UUID 형식이 아닙니다."),
    "hsds_duplicate_id": N_("ID {value}이(가) {other_row}행과 겹칩니다."),
    "hsds_broken_reference": N_("{field} {value}을(를) 패키지의 {table} 표에서도 이 데이터에서도 찾을 수 없습니다."),
    "hsds_reference_invalid": N_("{field} {value}이(가) 가리키는 {table} 행에 문제가 있어 함께 가져오지 않습니다."),
    "hsds_formula_text": N_("{field}의 글이 =, +, -, @로 시작해 스프레드시트에서 수식으로 실행될 수 있습니다. "
                            "앞에 작은따옴표(')를 붙이거나 그 글자를 지우세요."),
    "hsds_invalid_value": N_("{field} 값 '{value}'은(는) HSDS 표준에서 쓸 수 없습니다 (쓸 수 있는 값: {allowed})."),
    "hsds_invalid_rows": N_("HSDS 패키지에 잘못된 행이 {count}개 있습니다. 아무것도 가져오지 않았습니다. "
                            "올바른 행만 가져오려면 --valid-rows-only를 쓰세요."),
})

FIELD_LABELS.update({
    "hsds_id": NP_("field", "ID"),
    "link_id": NP_("field", "연결 대상 ID"),
    "taxonomy_term_id": NP_("field", "분류 ID"),
    "taxonomy_id": NP_("field", "분류 체계 ID"),
    "parent_id": NP_("field", "상위 분류 ID"),
    "service_id": NP_("field", "서비스 ID"),
    "location_id": NP_("field", "장소 ID"),
    "contact_id": NP_("field", "담당자 ID"),
    "number": NP_("field", "전화번호"),
    "status": NP_("field", "상태"),
})
