TITLE leak
COMMENT
  this comment is never closed,
  so the whole rest of the file is skipped
NEURON { SUFFIX leak }
