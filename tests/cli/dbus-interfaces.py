#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Split rsmd's introspection data into one file per interface, as
/usr/share/dbus-1/interfaces/ holds them.

    dbus-interfaces.py OUTDIR INTERFACE... < introspection.xml

Reads what "busctl introspect --xml-interface" prints and writes
OUTDIR/INTERFACE.xml for each INTERFACE named, in one canonical layout
(attributes in a fixed order, one space of indent per level), so that two
runs over the same interface give the same bytes."""

import sys
import xml.etree.ElementTree as ElementTree

HEADER = """<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<!-- SPDX-License-Identifier: LGPL-2.1-or-later
     {name}: generated from a running rsmd by tests/cli/test-interfaces.sh
     (UPDATE_INTERFACES=1 rewrites it); common/BUS.md describes the methods. -->
"""

ATTRIBUTE_ORDER = ["name", "type", "direction", "access", "value"]


def quote(value):
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def attributes(element):
    keys = sorted(element.attrib, key=lambda k: (ATTRIBUTE_ORDER.index(k) if k in ATTRIBUTE_ORDER else 99, k))
    return "".join(' %s="%s"' % (k, quote(element.attrib[k])) for k in keys)


def write(element, depth, out):
    indent = " " * depth
    children = list(element)
    if not children:
        out.append("%s<%s%s/>" % (indent, element.tag, attributes(element)))
        return
    out.append("%s<%s%s>" % (indent, element.tag, attributes(element)))
    for child in children:
        write(child, depth + 1, out)
    out.append("%s</%s>" % (indent, element.tag))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    outdir, wanted = sys.argv[1], sys.argv[2:]
    root = ElementTree.fromstring(sys.stdin.read())
    found = {i.get("name"): i for i in root.findall("interface")}
    for name in wanted:
        if name not in found:
            sys.exit("%s: no interface %s in the introspection data" % (sys.argv[0], name))
        lines = ["<node>"]
        write(found[name], 1, lines)
        lines.append("</node>")
        with open("%s/%s.xml" % (outdir, name), "w") as f:
            f.write(HEADER.format(name=name) + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
