# Compiler flags shared by every jxjy target, applied through an interface target
# so third-party code (Catch2, generated UNO headers) is not affected.
add_library(jxjy_options INTERFACE)
add_library(jxjy::options ALIAS jxjy_options)
target_compile_options(jxjy_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wnull-dereference)
if(JXJY_WERROR)
  target_compile_options(jxjy_options INTERFACE -Werror)
endif()
if(JXJY_FUZZ)
  # Everything is instrumented for coverage and checked by ASan+UBSan.
  target_compile_options(jxjy_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_link_options(jxjy_options INTERFACE -fsanitize=address,undefined)
elseif(JXJY_SANITIZE)
  target_compile_options(jxjy_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_link_options(jxjy_options INTERFACE -fsanitize=address,undefined)
  target_compile_definitions(jxjy_options INTERFACE JXJY_SANITIZED=1)
endif()
