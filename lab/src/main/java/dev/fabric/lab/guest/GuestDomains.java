package dev.fabric.lab.guest;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Defines, starts and removes lab domains through libvirt-java on one connection. */
public final class GuestDomains implements AutoCloseable {
    private final Connect connect;

    private GuestDomains(Connect connect) {
        this.connect = connect;
    }

    /** Opens {@code uri} (qemu:///system for the lab). libvirt's own stderr printing is silenced: errors arrive as exceptions. */
    public static GuestDomains open(String uri) {
        try {
            Connect.setErrorCallback(new ErrorCallback());
            return new GuestDomains(new Connect(uri));
        } catch (LibvirtException e) {
            throw new IllegalStateException("cannot connect to libvirt at " + uri + ": " + e.getMessage()
                    + " (is the lab up? ./lab.sh up)", e);
        }
    }

    /** Defines the domain persistently and starts it. */
    public void defineAndStart(String xml) throws LibvirtException {
        Domain domain = connect.domainDefineXML(xml);
        domain.create();
    }

    /** The live XML of a domain, as libvirt completed it. */
    public String liveXml(String name) throws LibvirtException {
        return connect.domainLookupByName(name).getXMLDesc(0);
    }

    public boolean isRunning(String name) throws LibvirtException {
        return connect.domainLookupByName(name).isActive() == 1;
    }

    /** Names of all domains, running or not, that start with {@code prefix}. */
    public List<String> names(String prefix) throws LibvirtException {
        List<String> names = new ArrayList<>(Arrays.asList(connect.listDefinedDomains()));
        for (int id : connect.listDomains()) {
            names.add(connect.domainLookupByID(id).getName());
        }
        return names.stream().filter(n -> n.startsWith(prefix)).sorted().toList();
    }

    /** Stops (hard) and undefines the domain; a domain that is not there is fine. */
    public void remove(String name) throws LibvirtException {
        if (!names(name).contains(name)) {
            return;
        }
        Domain domain = connect.domainLookupByName(name);
        if (domain.isActive() == 1) {
            domain.destroy();
        }
        domain.undefine();
    }

    @Override
    public void close() {
        try {
            connect.close();
        } catch (LibvirtException e) {
            // closing is best effort; the daemon drops the connection anyway
        }
    }
}
