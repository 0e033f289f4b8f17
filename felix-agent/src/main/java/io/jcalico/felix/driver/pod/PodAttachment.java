package io.jcalico.felix.driver.pod;

import inet.ipaddr.IPAddress;
import inet.ipaddr.mac.MACAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link PodNetworkPlumber#setUp} built, everything a CNI ADD result needs.
 *
 * @param ipv4Gateway 169.254.1.1 when the pod has IPv4, else {@code null}
 * @param ipv6Gateway the host end's link-local address when the pod has IPv6, else {@code null}
 */
public record PodAttachment(
    String hostInterface,
    int hostIndex,
    MACAddress hostMac,
    String podInterface,
    int podIndex,
    MACAddress podMac,
    Path netnsPath,
    List<IPAddress> addresses,
    IPAddress ipv4Gateway,
    IPAddress ipv6Gateway) {}
