" circ: comments start with #; indent by 4 spaces, as `circ fmt` does
if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1
setlocal commentstring=#\ %s comments=:#
setlocal expandtab shiftwidth=4 softtabstop=4
" gq formats the whole file with circ fmt
setlocal formatprg=circ\ fmt\ --stdout\ -
let b:undo_ftplugin = "setlocal commentstring< comments< expandtab< shiftwidth< softtabstop< formatprg<"
