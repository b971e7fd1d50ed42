package dev.fabric.controller.store;

import dev.fabric.controller.model.Assignment;
import dev.fabric.controller.model.InstanceKey;
import java.util.ArrayList;
import java.util.List;

/** Small definitions and assignments for store tests (the store keeps the text as given). */
final class StoreFixtures {
    static final String CSDEF = """
            <?xml version="1.0" encoding="utf-8"?>
            <ServiceDefinition name="webfarm" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition">
              <WebRole name="WebRole" vmsize="Small">
                <Endpoints><InputEndpoint name="http" protocol="tcp" port="80" localPort="8080"/></Endpoints>
              </WebRole>
            </ServiceDefinition>
            """;

    static String cscfg(int instances) {
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <ServiceConfiguration serviceName="webfarm" xmlns="http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration">
                  <Role name="WebRole"><Instances count="%d"/></Role>
                </ServiceConfiguration>
                """.formatted(instances);
    }

    static List<Assignment> assignments(String deployment, int count, String... hosts) {
        List<Assignment> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String host = hosts[i % hosts.length];
            list.add(new Assignment(new InstanceKey(deployment, "WebRole", i), host, "10.213.0." + (10 + i), i % 5,
                    "fd-" + (i % hosts.length)));
        }
        return list;
    }

    private StoreFixtures() {
    }
}
