/*
 * rg_test_util.h - helpers shared by the unit tests
 */
#ifndef RG_TEST_UTIL_H
#define RG_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "replyguard/rg_engine.h"
#include "replyguard/rg_result.h"
#include "rg_registry.h"

RgEngine *rg_test_engine(const char *config_text);
char *rg_test_message(const char *subject, const char *body);
RgResult *rg_test_scan(RgEngine *engine, const char *subject,
                       const char *body);
const RgFinding *rg_test_finding(const RgResult *result, RgRuleId rule);
gboolean rg_test_has(const RgResult *result, const char *rule);
char *rg_test_rules(const RgResult *result);

/* the groups of a config file that are the daemon's */
extern const char *const rg_test_daemon_groups[];

#endif
