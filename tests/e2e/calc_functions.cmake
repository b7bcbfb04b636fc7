# The built .oxt installed into a throwaway LibreOffice profile with unopkg;
# headless Calc then evaluates formulas that call JXJY_CHECKID and JXJY_VERDICT
# (a CSV of formulas in, the computed values out), so the functions run in the
# real office through UNO, with the rules of shared/.
# Invoked by CTest: cmake -DOXT=… -DSOFFICE=… -DUNOPKG=… -DFIXTURE=… -DWORK=… -P calc_functions.cmake

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(env "-env:UserInstallation=file://${WORK}/profile" "-env:UNO_SHARED_PACKAGES_CACHE=file://${WORK}/cache")
execute_process(COMMAND ${UNOPKG} add --shared ${env} ${OXT} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "unopkg add failed (${rc}): ${out}${err}")
endif()
execute_process(COMMAND ${UNOPKG} list --shared ${env} OUTPUT_VARIABLE listing ERROR_QUIET)
if(NOT listing MATCHES "org.jxjy.calc" OR NOT listing MATCHES "is registered: yes")
  message(FATAL_ERROR "the extension is not registered:\n${listing}")
endif()
message(STATUS "ok: jxjy.oxt installed and registered")

configure_file(${FIXTURE} ${WORK}/functions.csv COPYONLY)
execute_process(COMMAND ${SOFFICE} --headless --norestore ${env}
                        "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,false,true"
                        "--convert-to" "csv:Text - txt - csv (StarCalc):44,34,76" --outdir ${WORK}/out ${WORK}/functions.csv
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
file(STRINGS ${WORK}/out/functions.csv lines ENCODING UTF-8)
list(LENGTH lines n)
if(NOT n EQUAL 6)
  message(FATAL_ERROR "expected 6 lines of results, got ${n}: ${lines}")
endif()
list(GET lines 1 l1)
list(GET lines 2 l2)
list(GET lines 3 l3)
list(GET lines 4 l4)
list(GET lines 5 l5)
set(checks
  "l1|o04002006.*可能应为 004002006.*,合格$"
  "l2|^,不合格$"
  "l3|4002006.*已按 004002006 识别.*,不合格$"
  "l4|04002006.*少了 1 位.*,合格$"
  "l5|^未填写继续教育编号.*,公需科目只能填写")
foreach(check ${checks})
  string(REPLACE "|" ";" parts "${check}")
  list(GET parts 0 var)
  list(GET parts 1 regex)
  if(NOT "${${var}}" MATCHES "${regex}")
    message(FATAL_ERROR "${var} = '${${var}}' does not match '${regex}'")
  endif()
endforeach()
message(STATUS "ok: JXJY_CHECKID and JXJY_VERDICT compute in Calc")
