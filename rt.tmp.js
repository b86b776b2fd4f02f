const Y = require('yaml');
const s = `# top
apiVersion: v1
clusters:
  - cluster:
      server: https://x   # c
    name: prod
  # trailing in seq
users: []
contexts:
current-context: "a"   # cc
kind: Config
# end
`;
const d = Y.parseDocument(s);
const m = d.contents;
console.log(m.constructor.name, m.range, m.flow);
for (const p of m.items) {
  const v = p.value;
  console.log(JSON.stringify(p.key.value), p.key.range, v && v.constructor.name, v && v.range, v && v.flow, v && JSON.stringify(s.slice(v.range[0], v.range[1])));
}
const seq = m.items[1].value;
for (const it of seq.items) console.log('item', it.range, JSON.stringify(s.slice(it.range[0], it.range[2])));
const cur = m.items[4].value; console.log(cur.type, cur.range);
