// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Names for what the kernel records: operations, errnos, socket options, drivers. */
#include <stdio.h>
#include <string.h>

#include "trace_output.h"

/* The operations' names are the domain's (common/afalg_vocab.c). */
const char *trace_op_name(unsigned int op)
{
	const char *name = afalg_op_name(op);

	return name ? name : "unknown";
}

const char *afalg_errno_name(int err, char *buf, size_t bufsz)
{
	const char *name;

	if (err == 0)
		return NULL;
	name = strerrorname_np(err < 0 ? -err : err);
	if (name)
		return name;
	snprintf(buf, bufsz, "E%d", err < 0 ? -err : err);
	return buf;
}

/* SOL_ALG option names, include/uapi/linux/if_alg.h. */
static const char *const sockopt_names[] = {
	[1] = "ALG_SET_KEY",
	[2] = "ALG_SET_IV",
	[3] = "ALG_SET_OP",
	[4] = "ALG_SET_AEAD_ASSOCLEN",
	[5] = "ALG_SET_AEAD_AUTHSIZE",
	[6] = "ALG_SET_DRBG_ENTROPY",
	[7] = "ALG_SET_KEY_BY_KEY_SERIAL",
};

const char *afalg_sockopt_name(unsigned int optname)
{
	if (optname < sizeof(sockopt_names) / sizeof(sockopt_names[0]) && sockopt_names[optname])
		return sockopt_names[optname];
	return NULL;
}

/*
 * Modules of off-CPU accelerators whose algorithms do not all carry
 * CRYPTO_ALG_KERN_DRIVER_ONLY (virtio_crypto's do not).  Prefix match.
 */
static const char *const accel_modules[] = {
	"virtio_crypto", "qat_",      "intel_qat", "ccp",	   "ccree",    "caam",
	"hisi_sec",	 "hisi_hpre", "nitrox",	   "chcr",	   "atmel",    "omap",
	"talitos",	 "mxs_dcp",   "sun8i",	   "rockchip",	   "stm32",    "qce",
	"keembay",	 "zynqmp",    "octeontx",  "marvell_cesa", "safexcel", "img_hash",
};

bool afalg_driver_is_hardware(const char *module, uint32_t cra_flags)
{
	if (cra_flags & AFALG_CRYPTO_ALG_KERN_DRIVER_ONLY)
		return true;
	if (!module)
		return false;
	for (size_t i = 0; module[0] && i < sizeof(accel_modules) / sizeof(accel_modules[0]); i++)
		if (!strncmp(module, accel_modules[i], strlen(accel_modules[i])))
			return true;
	return false;
}
