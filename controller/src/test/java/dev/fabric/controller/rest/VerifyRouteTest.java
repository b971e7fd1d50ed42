package dev.fabric.controller.rest;

import dev.fabric.controller.api.VerifyOptions;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code POST /v1/deployments/{name}/verify} (0690): the route, and the options checked before any agent is asked. */
class VerifyRouteTest {
    @Test
    void postOnADeploymentsVerifyIsTheVerifyRouteAndOtherMethodsAre405() {
        Route.Match m = Route.match(HttpMethod.POST, "/v1/deployments/webfarm/verify");
        assertThat(m.route()).isEqualTo(Route.VERIFY);
        assertThat(m.deployment()).isEqualTo("webfarm");
        assertThatThrownBy(() -> Route.match(HttpMethod.GET, "/v1/deployments/webfarm/verify")).isInstanceOfSatisfying(RequestError.class,
                e -> {
                    assertThat(e.status()).isEqualTo(405);
                    assertThat(e.allow()).isEqualTo("POST");
                });
        assertThatThrownBy(() -> Route.match(HttpMethod.POST, "/v1/deployments/web.farm/verify")).isInstanceOfSatisfying(RequestError.class,
                e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> Route.match(HttpMethod.POST, "/v1/deployments/webfarm/verify/now")).isInstanceOfSatisfying(RequestError.class,
                e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void portListsAndTimeoutsAreCheckedNamingWhatIsWrong() {
        assertThat(new VerifyOptions("22,80,8000-8100", 500).ports()).isEqualTo("22,80,8000-8100");
        assertThat(VerifyOptions.DEFAULT).isEqualTo(new VerifyOptions("1-65535", 1500));
        assertThatThrownBy(() -> new VerifyOptions("80-70", 500)).hasMessage("ports item '80-70' is not within 1-65535 in rising order");
        assertThatThrownBy(() -> new VerifyOptions("0", 500)).hasMessage("ports item '0' is not within 1-65535 in rising order");
        assertThatThrownBy(() -> new VerifyOptions("80;443", 500)).hasMessageStartingWith("ports '80;443' is not a list like");
        assertThatThrownBy(() -> new VerifyOptions("", 500)).hasMessageStartingWith("ports '' is not a list like");
        assertThatThrownBy(() -> new VerifyOptions("80", 0)).hasMessage("timeoutMs 0 is out of range 1..10000");
        assertThatThrownBy(() -> new VerifyOptions("80", 10_001)).hasMessage("timeoutMs 10001 is out of range 1..10000");
    }
}
