// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Indirect user: links libafalg_helper.so (found through RUNPATH $ORIGIN/../lib). */
int afalg_helper_open(void);

int main(void)
{
	return afalg_helper_open() < 0;
}
