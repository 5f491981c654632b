#include "sema.h"
struct sema *sema_run(struct arena *arena, struct diag_sink *diag, struct ast **programs,
                      const int *files, int nprograms, int main_program,
                      const bool *is_stdlib, enum pass_id stop_after)
{
    (void)programs; (void)files; (void)nprograms; (void)main_program; (void)is_stdlib; (void)stop_after;
    struct sema *s = arena_alloc(arena, sizeof *s);
    s->arena = arena; s->diag = diag;
    return s;
}
