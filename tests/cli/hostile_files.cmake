# Every hostile workbook of the catalogue through the real jxjy binary: each
# must end in exit 2 with a message on stderr that says what to do.
# Invoked by CTest: cmake -DJXJY=… -DMAKE_HOSTILE=… -DWORK=… -P hostile_files.cmake

file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${MAKE_HOSTILE} ${WORK} RESULT_VARIABLE rc OUTPUT_VARIABLE names)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "make_hostile failed: ${rc}")
endif()
string(REPLACE "\n" ";" names "${names}")
list(FILTER names EXCLUDE REGEX "^$")
list(LENGTH names count)
if(count LESS 15)
  message(FATAL_ERROR "only ${count} hostile files were written")
endif()
foreach(name ${names})
  execute_process(COMMAND ${JXJY} validate ${WORK}/${name} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc STREQUAL "2")
    message(FATAL_ERROR "${name}: exit ${rc}, expected 2\nstdout: ${out}\nstderr: ${err}")
  endif()
  # "jxjy: <file>：<what is wrong>", in Chinese.
  if(NOT err MATCHES "^jxjy: .*${name}：.*[。！]")
    message(FATAL_ERROR "${name}: stderr is not a clear message:\n${err}")
  endif()
  message(STATUS "ok: ${name}: ${err}")
endforeach()
file(REMOVE_RECURSE ${WORK})
