set -x
cd $WORKDIR
(dumpcap -q -i lo -f "tcp port 10179 and net 127.0.77.0/24" -w $WORKDIR/all.pcap > dumpcap.out 2>&1 & echo $! > dumpcap.pid)
sleep 2
bird -c bird.conf -s $WORKDIR/bird.ctl -P $WORKDIR/bird.pid
gobgpd -f gobgp.toml --api-hosts 127.0.0.1:50099 --pprof-disable > gobgpd.log 2>&1 & echo $! > gobgpd.pid
/usr/lib/frr/bgpd -f $WORKDIR/bgpd.conf -p 10179 -l 127.0.77.3 -Z -S -i $WORKDIR/bgpd.pid --vty_socket $WORKDIR -P 0 -d
sleep 10
gobgp -p 50099 global rib add 198.18.30.0/24 community 65002:7,no-advertise med 10 origin egp nexthop 198.18.0.2 -a ipv4
gobgp -p 50099 global rib add 198.18.31.0/24 aspath 65100,65101 large-community 65002:1:1 local-pref 120 nexthop 198.18.0.2 -a ipv4
gobgp -p 50099 global rib add fd00:30::/64 nexthop fd00::2 community 65002:9 -a ipv6
gobgp -p 50099 global rib add -a ipv4 198.18.32.0/24 nexthop 198.18.0.2 aggregator 4200000000:198.18.0.2 aspath 4200000001
sleep 4
gobgp -p 50099 global rib del 198.18.30.0/24 -a ipv4
gobgp -p 50099 global rib del fd00:30::/64 -a ipv6
gobgp -p 50099 neighbor 127.0.77.1 softresetin
birdc -s bird.ctl reload in frr
sleep 3
birdc -s bird.ctl show protocols; birdc -s bird.ctl show route; gobgp -p 50099 neighbor; gobgp -p 50099 global rib
birdc -s bird.ctl disable frr
sleep 2
kill $(cat bird.pid) $(cat gobgpd.pid) $(cat bgpd.pid)
sleep 2
kill $(cat dumpcap.pid)
