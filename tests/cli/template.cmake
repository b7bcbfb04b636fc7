# The built template: it reads as an empty roster of the policy's year (its
# numbered rows are blank rows), offers the lists for 性别/公需科目/验审意见,
# keeps 继续教育编号 as text, and prints on one landscape A4 page.
# Invoked by CTest: cmake -DJXJY=… -DSOFFICE=… -DTEMPLATE_DIR=… -DWORK=… -P template.cmake

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
foreach(fmt ots xlsx)
  set(file ${TEMPLATE_DIR}/roster-2023.${fmt})
  if(NOT EXISTS ${file})
    message(FATAL_ERROR "template not built: ${file}")
  endif()
  execute_process(COMMAND ${JXJY} validate ${file} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "按 2023 学年规则校验" OR NOT out MATCHES "共 0 行数据：0 个错误，0 个警告")
    message(FATAL_ERROR "template .${fmt} does not read as an empty 2023 roster (exit ${rc}):\n${out}${err}")
  endif()
  message(STATUS "ok: .${fmt} reads as an empty 2023 roster")
endforeach()

# List validity and the text format of the ID column, as stored.
file(ARCHIVE_EXTRACT INPUT ${TEMPLATE_DIR}/roster-2023.xlsx DESTINATION ${WORK}/xlsx)
file(READ ${WORK}/xlsx/xl/worksheets/sheet1.xml sheet)
foreach(list "&quot;男,女&quot;|\"男,女\"" "&quot;合格,不合格&quot;|\"合格,不合格\"")
  if(NOT sheet MATCHES "dataValidation" OR NOT sheet MATCHES "${list}")
    message(FATAL_ERROR "xlsx template lacks the list ${list}")
  endif()
endforeach()
file(READ ${WORK}/xlsx/xl/styles.xml styles)
if(NOT styles MATCHES "numFmtId=\"49\"" AND NOT styles MATCHES "formatCode=\"@\"")
  message(FATAL_ERROR "xlsx template has no text-formatted cells (@) for 继续教育编号")
endif()
file(ARCHIVE_EXTRACT INPUT ${TEMPLATE_DIR}/roster-2023.ots DESTINATION ${WORK}/ots)
file(READ ${WORK}/ots/content.xml content)
if(NOT content MATCHES "cell-content-is-in-list" OR NOT content MATCHES "number:text-content")
  message(FATAL_ERROR "ots template lacks list validity or the text format")
endif()
file(READ ${WORK}/ots/mimetype mimetype)
if(NOT mimetype STREQUAL "application/vnd.oasis.opendocument.spreadsheet-template")
  message(FATAL_ERROR "not an ODF template: ${mimetype}")
endif()
message(STATUS "ok: list validity, text-formatted IDs, template mimetype")

# One landscape A4 page.
execute_process(COMMAND ${SOFFICE} --headless --norestore "-env:UserInstallation=file://${WORK}/profile"
                        --convert-to pdf --outdir ${WORK} ${TEMPLATE_DIR}/roster-2023.ots OUTPUT_QUIET ERROR_QUIET)
find_program(PDFINFO pdfinfo REQUIRED)
execute_process(COMMAND ${PDFINFO} ${WORK}/roster-2023.pdf OUTPUT_VARIABLE info)
if(NOT info MATCHES "Pages: +1\n" OR NOT info MATCHES "Page size: +841[.0-9]* x 595[.0-9]* pts")
  message(FATAL_ERROR "the template does not print on one landscape A4 page:\n${info}")
endif()
message(STATUS "ok: prints on one landscape A4 page")
