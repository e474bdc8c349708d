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
        printf("%s: %s\n  doctor: %s (%s) within %lld steps\n  %s\n\n", list[i].name, list[i].summary, d->title,
               d->id, (long long)list[i].expect_within, gs_explain_scenario(list[i].name));
    }
    printf("Start one with: ganscope train --scenario NAME\n");
    return EXIT_OK;
}
