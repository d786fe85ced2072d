# Build-time embedding of data files (message catalogs, templates, CSS) into
# the binary, so that tracenote needs no files next to it at run time.
#
#   tn_embed_files(<out_var> ROOT <dir> DIRS <subdir>...)
#
# Collects every file under ROOT/<subdir> (recursively; hidden files and
# editor backups ending in "~" are skipped), and adds a build rule that
# writes one generated .cc holding each file as a byte array together with
# its path relative to ROOT ("locales/ru/report.json"). The generated file
# defines internal::kEmbeddedFiles for l10n/embedded_files.cc; its path is
# returned in <out_var> to be compiled into a library.
#
# Editing a file re-runs the generator (each file is a dependency of the
# rule); adding or removing one re-runs CMake (CONFIGURE_DEPENDS globs).
set(TN_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_files_script.cmake)

function(tn_embed_files out_var)
  cmake_parse_arguments(E "" "ROOT" "DIRS" ${ARGN})
  set(rel_paths)
  foreach(dir IN LISTS E_DIRS)
    file(GLOB_RECURSE found CONFIGURE_DEPENDS LIST_DIRECTORIES false
         RELATIVE ${E_ROOT} ${E_ROOT}/${dir}/*)
    foreach(path IN LISTS found)
      get_filename_component(name ${path} NAME)
      if(NOT name MATCHES "^\\." AND NOT name MATCHES "~$")
        list(APPEND rel_paths ${path})
      endif()
    endforeach()
  endforeach()
  list(SORT rel_paths)

  set(abs_paths)
  foreach(path IN LISTS rel_paths)
    list(APPEND abs_paths ${E_ROOT}/${path})
  endforeach()

  # The manifest lists the relative paths, one a line; configure_file only
  # touches it when the list changes.
  set(manifest ${CMAKE_CURRENT_BINARY_DIR}/embedded_files.manifest)
  string(REPLACE ";" "\n" manifest_text "${rel_paths}")
  file(WRITE ${manifest}.tmp "${manifest_text}\n")
  configure_file(${manifest}.tmp ${manifest} COPYONLY)

  set(output ${CMAKE_CURRENT_BINARY_DIR}/embedded_files_data.cc)
  string(REPLACE ";" ", " E_DIRS_TEXT "${E_DIRS}")
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DROOT=${E_ROOT} -DMANIFEST=${manifest} -DOUTPUT=${output}
            -P ${TN_EMBED_SCRIPT}
    DEPENDS ${abs_paths} ${manifest} ${TN_EMBED_SCRIPT}
    COMMENT "Embedding ${E_DIRS_TEXT} into the binary"
    VERBATIM)
  set(${out_var} ${output} PARENT_SCOPE)
endfunction()
