/* help.h - `circ help [TOPIC]` (help.c). */
#ifndef CIRC_HELP_H
#define CIRC_HELP_H

/* argv[0] is "help"; returns the exit status (0, or 2 for an unknown topic). */
int help_main(int argc, char **argv);

#endif
