# The same roster saved as .csv, .xlsx and .ods gives the same findings.
# LibreOffice (headless) converts the golden CSVs with every column as text,
# exactly as a careful admin's template keeps them; a second conversion lets
# Calc turn IDs into numbers, as Excel does, and the zeros must be restored.
# Invoked by CTest: cmake -DJXJY=… -DSOFFICE=… -DDATA=… -DWORK=… -P same_in_all_formats.cmake

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/text ${WORK}/typed)
set(profile "-env:UserInstallation=file://${WORK}/profile")
set(all_text "1/2")
foreach(col RANGE 2 14)
  string(APPEND all_text "/${col}/2")
endforeach()

set(rosters official_clean mixed_errors wps_export)
foreach(name ${rosters})
  file(COPY ${DATA}/${name}.csv DESTINATION ${WORK}/text)
  file(COPY ${DATA}/${name}.csv DESTINATION ${WORK}/typed)
endforeach()
foreach(fmt xlsx ods)
  execute_process(COMMAND ${SOFFICE} --headless --norestore ${profile} "--infilter=CSV:44,34,76,1,${all_text}"
                          --convert-to ${fmt} --outdir ${WORK}/text official_clean.csv mixed_errors.csv wps_export.csv
                  WORKING_DIRECTORY ${WORK}/text RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "soffice could not convert to ${fmt}")
  endif()
  execute_process(COMMAND ${SOFFICE} --headless --norestore ${profile} "--infilter=CSV:44,34,76,1"
                          --convert-to ${fmt} --outdir ${WORK}/typed mixed_errors.csv
                  WORKING_DIRECTORY ${WORK}/typed RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
endforeach()

foreach(name ${rosters})
  execute_process(COMMAND ${JXJY} validate --json ${WORK}/text/${name}.csv OUTPUT_VARIABLE csv_json)
  foreach(fmt xlsx ods)
    execute_process(COMMAND ${JXJY} validate --json ${WORK}/text/${name}.${fmt} OUTPUT_VARIABLE other_json ERROR_VARIABLE err)
    if(NOT csv_json STREQUAL other_json)
      message(FATAL_ERROR "${name}.${fmt} differs from ${name}.csv\ncsv: ${csv_json}\n${fmt}: ${other_json}\n${err}")
    endif()
    message(STATUS "ok: ${name}.${fmt} = ${name}.csv")
  endforeach()
endforeach()

# IDs typed as numbers lose their zeros; the reader gets numbers and restores them.
foreach(fmt xlsx ods)
  execute_process(COMMAND ${JXJY} validate --json ${WORK}/typed/mixed_errors.${fmt} OUTPUT_VARIABLE out)
  if(NOT out MATCHES "\"id\":\"004002021\"" OR NOT out MATCHES "ID_NORMALIZED")
    message(FATAL_ERROR "typed ${fmt}: numeric IDs not restored:\n${out}")
  endif()
  message(STATUS "ok: numeric IDs in .${fmt} restored")
endforeach()

# A roster as filled in Calc: numeric IDs, date cells, formula totals and verdicts.
# Saved as .xlsx and as .ods it must read the same, with the zeros restored, the
# dates recognised and the formulas' cached values used.
file(MAKE_DIRECTORY ${WORK}/calc)
foreach(fmt xlsx ods)
  execute_process(COMMAND ${SOFFICE} --headless --norestore ${profile} --convert-to ${fmt} --outdir ${WORK}/calc
                          ${FIXTURES}/calc_dates_formulas.fods OUTPUT_QUIET ERROR_QUIET)
endforeach()
execute_process(COMMAND ${JXJY} validate --json ${WORK}/calc/calc_dates_formulas.xlsx OUTPUT_VARIABLE xlsx_json RESULT_VARIABLE rc)
execute_process(COMMAND ${JXJY} validate --json ${WORK}/calc/calc_dates_formulas.ods OUTPUT_VARIABLE ods_json)
if(NOT rc EQUAL 0 OR NOT xlsx_json STREQUAL ods_json)
  message(FATAL_ERROR "Calc roster: .xlsx and .ods differ or have errors (exit ${rc})\nxlsx: ${xlsx_json}\nods: ${ods_json}")
endif()
string(JSON rows LENGTH "${xlsx_json}" rows)
string(JSON first_id GET "${xlsx_json}" rows 0 id)
string(JSON declared GET "${xlsx_json}" rows 3 declared_verdict)
string(JSON computed GET "${xlsx_json}" rows 3 computed_verdict)
string(JSON warnings GET "${xlsx_json}" summary warnings)
if(NOT rows EQUAL 4 OR NOT first_id STREQUAL "004002006" OR NOT declared STREQUAL "不合格" OR NOT computed STREQUAL "不合格"
   OR NOT warnings EQUAL 12 OR NOT xlsx_json MATCHES "1979-06（日期格式）")
  message(FATAL_ERROR "Calc roster read wrongly: ${xlsx_json}")
endif()
message(STATUS "ok: numeric IDs, date cells and formulas read the same from .xlsx and .ods")
