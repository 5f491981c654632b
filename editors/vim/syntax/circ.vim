" Vim syntax file
" Language:    circ (.circ models of cortical microcircuits)
" Maintainer:  the circ developers
" The keywords are those `circ lsp` completes (tests/runtime/test_lsp.py
" checks that every one is here).  For diagnostics, hover, completion and
" formatting, point an LSP client at `circ lsp` (editors/vim/README.md).

if exists("b:current_syntax")
  finish
endif

syn keyword circDeclaration cell population density point artificial synapse stimulus experiment window measure figure network simulation section sectionlist function procedure parameter state assigned constant current electrode_current group shared setter let global import sweep fit
syn keyword circStatement insert remove attach connect record set expect useion table kinetic linear nonlinear solve derivative breakpoint initial receive conserve compartment steadystate depend where with via every from to in at of if else return vary while for target budget within
syn keyword circOperatorWord and or not
syn keyword circConstant true false all

syn match circComment "#.*$" contains=@Spell
syn region circString start=+"+ skip=+\\.+ end=+"+
" a number, and the unit written after it (18.8 um, 0.12 S/cm2)
syn match circNumber "\<\d\+\.\=\d*\([eE][-+]\=\d\+\)\=" nextgroup=circUnitSpace
syn match circNumber "\.\d\+\([eE][-+]\=\d\+\)\=" nextgroup=circUnitSpace
syn match circUnitSpace "[ \t]\+" contained nextgroup=circUnit
syn match circUnit "\%([A-Za-zµΩ]\+\d*\%(^-\=\d\+\)\=\)\%([*/]\%([A-Za-zµΩ]\+\d*\%(^-\=\d\+\)\=\|1\)\)*\>\%(\s*[({.]\)\@!" contained
syn match circDeclared "\%(\<\%(cell\|population\|density\|point\|artificial\|synapse\|stimulus\|experiment\|window\|measure\|figure\|section\|sectionlist\|function\|procedure\|group\|setter\|sweep\|fit\)\s\+\)\@<=\h\w*"

hi def link circDeclaration Structure
hi def link circStatement Statement
hi def link circOperatorWord Operator
hi def link circConstant Constant
hi def link circComment Comment
hi def link circString String
hi def link circNumber Number
hi def link circUnit Type
hi def link circDeclared Identifier

let b:current_syntax = "circ"
