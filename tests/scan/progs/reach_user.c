// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A program importing one function of libreach.so (check-reach), built
 * once per CALL:
 *   reach_open   reaches socket(AF_ALG) through a static helper and a tail call;
 *   reach_table  reaches it only through a function-pointer table;
 *   reach_none   does not reach it.
 * The first two programs are `uses`, the third `links`.
 */
#ifndef CALL
#error "build with -DCALL=reach_open|reach_table|reach_none"
#endif
int CALL(int x);

int main(int argc, char **argv)
{
	(void)argv;
	return CALL(argc) < 0;
}
