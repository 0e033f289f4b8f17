package io.jcalico.ipam.usage;

import inet.ipaddr.IPAddress;
import java.util.Optional;

/**
 * One block's use: its owner, size, addresses in use and free, and how many of those in use were
 * borrowed (allocated for another node than the owner).
 */
public record BlockUsage(IPAddress cidr, Optional<String> host, int total, int inUse, int free, int borrowed) {}
