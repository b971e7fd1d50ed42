package dev.fabric.servicedef.parse;

import dev.fabric.servicedef.xml.Where;

import java.util.List;
import java.util.Optional;

/** A .cscfg as written. */
public record ConfigurationDoc(Optional<Attr> serviceName, Optional<Attr> osFamily, Optional<Attr> osVersion,
                               Where where, List<RoleConfigDecl> roles, List<AccessControlDecl> accessControls,
                               List<EndpointAclDecl> endpointAcls, List<String> ignored) {
    public ConfigurationDoc {
        roles = List.copyOf(roles);
        accessControls = List.copyOf(accessControls);
        endpointAcls = List.copyOf(endpointAcls);
        ignored = List.copyOf(ignored);
    }

    /** A cscfg Role: its instance count (the Instances element's count attribute) and setting values. */
    public record RoleConfigDecl(Attr name, Optional<Attr> instanceCount, Where where, List<SettingValue> settings) {
        public RoleConfigDecl {
            settings = List.copyOf(settings);
        }
    }

    public record SettingValue(Attr name, Attr value, Where where) {
    }

    public record AccessControlDecl(Attr name, List<AclRuleDecl> rules, Where where) {
        public AccessControlDecl {
            rules = List.copyOf(rules);
        }
    }

    public record AclRuleDecl(Attr order, Attr action, Attr remoteSubnet, Where where) {
    }

    /** An EndpointAcl; {@code endpoint} comes from the attribute spelled endpoint or endPoint. */
    public record EndpointAclDecl(Attr role, Attr endpoint, Attr accessControl, Where where) {
    }
}
