/* pass.h - the compiler's passes, in order.
 *
 *  1. parse      grammar/parse.c      text -> raw AST (syntax only, every node
 *                                     located); error recovery per item.
 *  2. imports    front.c              loads the embedded stdlib/ files and each
 *                                     `import "file"` once, relative to the
 *                                     importing file; cycles are harmless.
 *                                     A cell's `morphology "file.swc"` is read
 *                                     here (read/swc.c, as NEURON's Import3d)
 *                                     and its sections, attachments and lists
 *                                     written into the cell (read/morph_cell.c).
 *                                     A `network from` block's SONATA circuit
 *                                     is read here (read/sonata.c): its
 *                                     populations written after the block,
 *                                     its edges kept on the block for pass 11.
 *  3. names      sema_names.c         builds the global scope and every
 *                                     mechanism/cell scope; reports duplicate
 *                                     and unknown names with suggestions;
 *                                     annotates ast->sym.  Does not mutate
 *                                     the tree's shape.
 *  4. units      sema_units.c         dimension analysis of every expression
 *                                     and property; annotates ast->dim and the
 *                                     conversion factors to internal units.
 *  5. model      sema_model.c         property schemas (which keys a cell,
 *                                     population, connection... accepts),
 *                                     defaults and value ranges; mechanism
 *                                     parameters against their `where`
 *                                     ranges; the simulation's duration;
 *                sema_record.c        what `record` lines name and where
 *                                     voltage measures measure.
 *  6. lint       sema_lint.c          modelling mistakes that are legal but
 *                                     almost certainly wrong (warnings).
 *
 * Each pass reports to the diag sink and keeps going; a later pass skips
 * nodes an earlier pass could not resolve (sym == NULL) instead of
 * reporting follow-on errors.  `circ --emit=tokens|ast` stops after 1.
 *
 * After the checks the model is lowered; from here on nothing reads the AST
 * but through the sema (a lowering step may still report, e.g. an
 * unsupported construct, and then the model is not run):
 *
 *  7. mechanisms lower_mech.c        each mechanism -> ir_mech (ir.h): numbered
 *                                     variables and slots, unit factors made
 *                                     explicit, functions inlined, cnexp in
 *                                     linear form (a, b); a recorded value only
 *                                     if pure (pure.c, once every function is
 *                                     lowered).  Reads the sema.
 *  8. cells      lower_cell.c        each cell type -> ir_celltype: the
 *                                     compartment tree (NUMERICS.md section 2),
 *                                     inserted mechanisms with folded values,
 *                                     diam, cm and those values per segment
 *                                     (checked per segment: `circ check` runs
 *                                     7 and 8 too).  `circ --emit=ir` prints 7
 *                                     and 8 (tests/golden/NN-name.ir).
 *  9. layout     layout.c            where each run-time value lives (slots,
 *                                     params, per-mode sites); no LLVM.
 * 10. plan       plan.c              what codegen may fold (mechanism globals,
 *                                     parameters no `set` changes); no LLVM.
 * 11. network    lower_net.c         populations, rules, stimuli, records,
 *                                     experiments, analysis -> crt_model
 *                                     (runtime/crt_model.h); serialized by
 *                                     circ build (runtime/rt_serial.c).
 *
 * Code generation, the only LLVM users (cg.h):
 *
 * 12. codegen    cg_module.c, cg_*.c IR + layout + plan -> one LLVM module:
 *                                     per cell type a fused init and step
 *                                     kernel, receive/init entry points of
 *                                     point and artificial mechanisms, tables.
 *                                     Types mirror runtime/circ_rt.h by its
 *                                     named field indices.  `--emit=llvm`.
 * 13. optimize   cg_module.c         the kernel pass list (cg_pipeline).
 * 14. machine    jit_compile.c       object code, compiled in parts on every
 *     code                           core; objcache.c keeps it on disk, keyed
 *                                     by the unoptimized module and options.
 * 15. load/link  jit.c | aot.c       ORC LLJIT in process (function pointers
 *                                     into the crt_model), or object files
 *                                     linked into a stand-alone program.
 *
 * engine.c runs 1-15 as one call for the driver and the tests.
 */
#ifndef CIRC_PASS_H
#define CIRC_PASS_H

enum pass_id { PASS_PARSE, PASS_IMPORTS, PASS_NAMES, PASS_UNITS, PASS_MODEL, PASS_LINT, PASS_ALL };

#endif
