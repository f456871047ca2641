# Compile a BPF C program with clang (CO-RE, BTF) and generate its libbpf
# skeleton with bpftool, the way libbpf-bootstrap and bcc's libbpf-tools do.
#
#   afalg_bpf_skeleton(<name> <source.bpf.c> [DEPENDS hdr...])
#
# produces <name>.bpf.o and <name>.skel.h in the current binary dir and an
# INTERFACE library <name>_skel that adds that dir to the include path.

find_program(BPF_CLANG NAMES clang clang-16 clang-15 clang-14 REQUIRED)
find_program(BPFTOOL NAMES bpftool PATHS /usr/sbin /sbin REQUIRED)

# clang -target bpf does not search the host's multiarch include dir, which
# <linux/bpf.h> needs for <asm/types.h>; ask the host compiler for its system
# include dirs and pass them with -idirafter (as libbpf-tools' Makefile does).
execute_process(
  COMMAND sh -c "${BPF_CLANG} -v -E - </dev/null 2>&1 | sed -n '/<...> search starts here:/,/End of search list./{ s| \\(/.*\\)|-idirafter \\1|p }'"
  OUTPUT_VARIABLE _bpf_sys_inc OUTPUT_STRIP_TRAILING_WHITESPACE)
string(REPLACE "\n" ";" _bpf_sys_inc "${_bpf_sys_inc}")
string(REPLACE " " ";" BPF_SYS_INCLUDES "${_bpf_sys_inc}")

if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|amd64")
  set(BPF_TARGET_ARCH x86)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "aarch64|arm64")
  set(BPF_TARGET_ARCH arm64)
else()
  message(FATAL_ERROR "afalg-audit: BPF target for ${CMAKE_SYSTEM_PROCESSOR} not supported yet")
endif()

function(afalg_bpf_skeleton name src)
  cmake_parse_arguments(ARG "" "" "DEPENDS" ${ARGN})
  set(obj ${CMAKE_CURRENT_BINARY_DIR}/${name}.bpf.o)
  set(skel ${CMAKE_CURRENT_BINARY_DIR}/${name}.skel.h)
  add_custom_command(
    OUTPUT ${obj}
    COMMAND ${BPF_CLANG} -g -O2 -target bpf -D__TARGET_ARCH_${BPF_TARGET_ARCH}
            -Wall -Werror -I${CMAKE_CURRENT_SOURCE_DIR} ${BPF_SYS_INCLUDES}
            -c ${CMAKE_CURRENT_SOURCE_DIR}/${src} -o ${obj}
    DEPENDS ${src} ${ARG_DEPENDS}
    COMMENT "BPF ${src}"
    VERBATIM)
  add_custom_command(
    OUTPUT ${skel}
    COMMAND ${BPFTOOL} gen skeleton ${obj} name ${name} > ${skel}
    DEPENDS ${obj}
    COMMENT "BPF skeleton ${name}.skel.h"
    VERBATIM)
  add_custom_target(${name}_skel_gen DEPENDS ${skel})
  add_library(${name}_skel INTERFACE)
  add_dependencies(${name}_skel ${name}_skel_gen)
  target_include_directories(${name}_skel INTERFACE ${CMAKE_CURRENT_BINARY_DIR})
endfunction()
