#!/bin/sh
# regen.sh - rewrites the golden conversion of features.json (what
# tests/runtime/test_import.c compares): run from the source root after a
# deliberate change to `circ import netpyne`, then read the diff.
set -e
cd "$(dirname "$0")/../../.."
./circ import netpyne tests/netpyne/import/features.json tests/netpyne/import/features_cfg.json \
    > tests/netpyne/import/features.circ 2> tests/netpyne/import/features.err
