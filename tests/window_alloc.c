/* window_alloc.c: the window's set-up survives running out of memory at any of its
 * allocations: app_create is run with its first, second, ... allocation failing (the
 * failalloc shim linked in), and each time it returns GS_ERR_NOMEM and nothing, or a whole
 * app; never a crash or a half-made app. Release builds only (the sanitizers own malloc). */
#include "app.h"
#include "window_fixture.h"

void gs_failalloc_nth(long n);
long gs_failalloc_failed(void);

int main(void) {
    Fixture fx;
    CHECK(fix_init(&fx));
    int failures = 0, whole = 0;
    for (long n = 0; n < 100000 && !whole; n++) {
        App *app = (App *)1;
        GsError err = {0};
        long before = gs_failalloc_failed();
        gs_failalloc_nth(n);
        GsStatus st = app_create(&app, NULL, fx.r, fx.font, NULL, fx.infer, fx.sb, 1, 7, &err);
        gs_failalloc_nth(-1);
        int hit = gs_failalloc_failed() > before;
        if (st == GS_OK) {
            CHECK(app != NULL);
            /* a failure app_create may absorb (the font: the window draws without text) */
            app_free(app);
            whole = !hit; /* every allocation got through: n is past the last one */
        } else {
            failures++;
            CHECK_MSG(st == GS_ERR_NOMEM && app == NULL && strstr(err.msg, "out of memory"),
                      "allocation %ld failing: status %d, app %p, '%s'", n, (int)st, (void *)app, err.msg);
        }
    }
    CHECK_MSG(whole, "app_create never completed");
    CHECK_MSG(failures > 0, "no allocation failure reached app_create's own checks");
    printf("app_create: %d of its allocations failing were refused cleanly\n", failures);
    fix_free(&fx);
    CHECK_DONE();
}
