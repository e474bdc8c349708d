/* cmd_scenarios.c: `ganscope scenarios`: the break-it scenarios, what each shows and the
 * doctor's diagnosis it raises. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "gs_explain.h"
#include "gs_scenario.h"

int cmd_scenarios(int argc, char **argv) {
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        puts("usage: ganscope scenarios\n"
             "Lists the runs set up to fail on purpose; start one with\n"
             "ganscope train --scenario NAME (with --seed, --steps, --out as usual).");
        return EXIT_OK;
    }
    if (argc > 1) {
        cli_error("scenarios: unexpected argument '%s' (see ganscope scenarios --help)", argv[1]);
        return EXIT_USAGE;
    }
    int n;
    const GsScenario *list = gs_scenario_list(&n);
    for (int i = 0; i < n; i++) {
        const GsDiagnosisText *d = gs_explain_diagnosis(list[i].expect);
        char when[64] = "not yet seen to fire on `fast` in short runs";
        if (list[i].expect_within > 0) snprintf(when, sizeof when, "within %lld steps", (long long)list[i].expect_within);
        printf("%s: %s\n  doctor: %s (%s) %s\n  %s\n\n", list[i].name, list[i].summary, d->title, d->id, when,
               gs_explain_scenario(list[i].name));
    }
    printf("Start one with: ganscope train --scenario NAME\n");
    return EXIT_OK;
}
