// Reads one feed file with an npm parser and prints what it shows of each item as JSON lines.
// Usage: node read_feed.mjs rss-parser|feed-extractor FILE
import fs from 'node:fs';
import Parser from 'rss-parser';
import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';

const [parser, file] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const items = [];
if (parser === 'rss-parser') {
  const feed = await new Parser().parseString(text);
  for (const item of feed.items) {
    items.push({
      id: item.guid ?? item.id ?? null,
      title: item.title ?? null,
      authors: item.creator ?? item.author ?? null,
      categories: item.categories ?? [],
      enclosure: item.enclosure ? item.enclosure.url : null,
      published: item.isoDate ?? null,
      content: item['content:encoded'] ?? item.content ?? null,
    });
  }
} else if (parser === 'feed-extractor') {
  const feed = file.endsWith('.json') ? extractFromJson(JSON.parse(text)) : extractFromXml(text);
  for (const item of feed.entries) {
    items.push({ id: item.id ?? null, title: item.title ?? null, published: item.published ?? null });
  }
} else {
  throw new Error(`unknown parser ${parser}`);
}
for (const item of items) console.log(JSON.stringify(item));
