" .circ files are circ models
autocmd BufRead,BufNewFile *.circ setfiletype circ
