/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
#ifndef AFALG_SD_NOTIFY_H
#define AFALG_SD_NOTIFY_H

/*
 * The service manager's readiness protocol (sd_notify(3), without
 * libsystemd): under a Type=notify unit, systemd passes the path of a
 * datagram socket in $NOTIFY_SOCKET ("@name" = abstract namespace).
 * afalg_sd_notify_init() takes it out of the environment (so that a traced
 * command does not inherit it); afalg_sd_notify() sends one message, e.g.
 * "READY=1". Without $NOTIFY_SOCKET both do nothing and return 0; a
 * failure to send returns -errno (the caller decides whether it matters).
 */
void afalg_sd_notify_init(void);
int afalg_sd_notify(const char *msg);

#endif
