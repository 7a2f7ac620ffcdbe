#!/usr/bin/env python3
"""Generate a synthetic corpus of zone/park news with the gold triples it plants.

    python benchmarks/corpus.py N OUT [--seed S]

writes ``OUT/articles/NNNNNN.txt`` (N articles) and ``OUT/gold/NNNNNN.json``
(one gold file per article, in the format of ``../shared/eval/SCHEMA.md``), so

    kg build OUT/articles --out OUT/build
    python ../shared/eval/score.py OUT/build/graph.ttl OUT/gold

measures extraction quality on it too.  The same N and seed give the same
bytes.  Articles use zones (常州高新区), parks (常州高新区青枫智谷园区),
enterprises named region + trade name + industry word + legal form
(江苏恒瑞新材料科技有限公司), people, products and industries, in sentences
built on the relation patterns of ``kg/data/relations.tsv``, mixed with noise
sentences that state nothing.  Entities recur across articles (a city's pool
of enterprises grows with N), so linking across articles is exercised.
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

CITIES = {  # city: province
    "常州": "江苏", "无锡": "江苏", "苏州": "江苏", "南京": "江苏", "潍坊": "山东", "济南": "山东",
    "青岛": "山东", "宁波": "浙江", "杭州": "浙江", "合肥": "安徽", "武汉": "湖北", "长沙": "湖南",
    "成都": "四川", "西安": "陕西", "郑州": "河南", "厦门": "福建",
}
PARKS = ("青枫智谷园区", "光电产业园", "生物医药产业园", "智能装备产业园", "新材料产业园", "科技创新园",
         "软件园", "动力装备产业园")
TRADE = list("恒瑞天合华科博远金鼎海德润达中宇凯盛瑞丰鑫源宏图安泰永新佳和精诚立信弘毅德润隆昌嘉禾")
WORDS = ("科技", "新材料科技", "电子科技", "机械", "智能科技", "光电科技", "医药", "精密机械", "环保科技", "动力科技")
FORMS = ("有限公司", "股份有限公司")
INSTITUTES = ("大学", "理工大学", "科技大学")
GIVEN = list("建国志强海涛晓明丽华文斌振宇秀英春燕国栋伟民桂兰永刚")
TITLES = ("董事长", "总经理", "副总经理", "总工程师")
INDUSTRIES = ("生物医药", "新材料", "高端装备", "集成电路", "新能源", "人工智能", "节能环保", "智能制造",
              "动力装备", "医疗器械", "光电", "新一代信息技术")
PRODUCTS = ("电池", "传感器", "芯片", "电机", "压缩机", "离合器", "模组", "变速器")
QUALIFIERS = ("高效光伏", "车规级", "智能温控", "高精度压力", "永磁同步", "氢燃料", "微型", "大功率")
NOISE = (
    "今年以来,园区持续优化营商环境,企业办事更加便利。",
    "记者在现场看到,一辆辆满载货物的卡车驶出厂区。",
    "据介绍,项目建成后预计年产值将超过十亿元。",
    "下一步,当地将继续深化产业链协同,推动上下游企业抱团发展。",
    "近年来,这里的产业生态日益完善,创新活力不断迸发。",
    "业内人士认为,产业集聚效应正在显现。",
    "“服务好企业,就是发展好自己。”一位负责人说。",
)
PARTS = ("精密零部件", "关键部件", "配套材料", "控制模块")


class World:
    """Deterministic pools of names; entities recur across articles."""

    def __init__(self, n_articles: int, rng: random.Random):
        self.rng = rng
        self.pool_size = max(12, n_articles // 3)
        self.enterprises: dict[str, list[str]] = {c: [] for c in CITIES}
        self.used: set[str] = set()

    def enterprise(self, city: str) -> str:
        pool = self.enterprises[city]
        if len(pool) < self.pool_size and (len(pool) < 6 or self.rng.random() < 0.5):
            for _ in range(50):
                region = self.rng.choice((city, CITIES[city]))
                name = (region + self.rng.choice(TRADE) + self.rng.choice(TRADE) + self.rng.choice(WORDS)
                        + self.rng.choice(FORMS))
                if name not in self.used:
                    self.used.add(name)
                    pool.append(name)
                    return name
        return self.rng.choice(pool)

    def person(self) -> str:
        surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
        return self.rng.choice(surnames) + self.rng.choice(GIVEN) + self.rng.choice(GIVEN)

    def product(self) -> str:
        return self.rng.choice(QUALIFIERS) + self.rng.choice(PRODUCTS)


def make_article(world: World, index: int) -> tuple[str, list[tuple[str, str]], list[dict]]:
    """(text, entities as (name, type), triples) of one article."""
    rng = world.rng
    city = rng.choice(sorted(CITIES))
    zone = f"{city}高新区"
    parks = [zone + p for p in rng.sample(PARKS, 2)]
    ents = []
    while len(ents) < 4:
        e = world.enterprise(city)
        if e not in ents:
            ents.append(e)
    entities = {(zone, "Zone")} | {(p, "Park") for p in parks} | {(e, "Enterprise") for e in ents}
    triples: list[dict] = []
    sentences: list[str] = []

    def say(sentence: str, *facts: tuple[str, str, str]) -> None:
        sentences.append(sentence)
        for s, p, o in facts:
            triples.append({"s": s, "p": p, "o": o, "evidence": sentence})

    inds = rng.sample(INDUSTRIES, 2)
    entities |= {(i, "Industry") for i in inds}
    say(f"{zone}重点发展{inds[0]}、{inds[1]}等主导产业。", (zone, "hasIndustry", inds[0]), (zone, "hasIndustry", inds[1]))
    say(f"{parks[0]}隶属于{zone}。", (parks[0], "belongsTo", zone))
    say(f"{ents[0]}位于{parks[0]}。", (ents[0], "locatedIn", parks[0]))
    say(f"{ents[1]}落户{parks[1]}。", (ents[1], "locatedIn", parks[1]))
    sentences.append(rng.choice(NOISE))
    say(f"{ents[0]}为{ents[1]}配套生产{rng.choice(PARTS)}。", (ents[0], "supplies", ents[1]))
    person = world.person()
    entities.add((person, "Person"))
    say(f"{ents[0]}{rng.choice(TITLES)}{person}表示,今年订单增长了三成。", (person, "worksFor", ents[0]))
    kind = rng.randrange(3)
    if kind == 0:
        say(f"{ents[2]}是{ents[3]}的全资子公司。", (ents[2], "subsidiaryOf", ents[3]))
    elif kind == 1:
        uni = f"{city}{rng.choice(INSTITUTES)}"
        entities.add((uni, "Institution"))
        say(f"{ents[2]}与{uni}签署战略合作协议。", (ents[2], "cooperatesWith", uni))
    else:
        product = world.product()
        entities.add((product, "Product"))
        say(f"{ents[2]}自主研发的{product}已批量供货。", (ents[2], "produces", product))
    sentences.append(rng.choice(NOISE))
    day = 1 + index % 28
    text = f"# 产业链协同发展观察之{index + 1}\n\n2024年{1 + index % 12}月{day}日\n\n" + "".join(sentences) + "\n"
    return text, sorted(entities), triples


def write_corpus(n: int, out: Path, seed: int = 7) -> tuple[Path, Path]:
    """Write ``n`` articles and their gold files under ``out``; return (articles dir, gold dir)."""
    rng = random.Random(seed)
    world = World(n, rng)
    articles, gold = out / "articles", out / "gold"
    articles.mkdir(parents=True, exist_ok=True)
    gold.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text, entities, triples = make_article(world, i)
        stem = f"{i:06d}"
        (articles / f"{stem}.txt").write_text(text, encoding="utf-8")
        doc = {"doc": f"{stem}.txt",
               "entities": [{"name": n_, "type": t, "aliases": []} for n_, t in entities],
               "triples": triples}
        (gold / f"{stem}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return articles, gold


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("out", type=Path, help="folder to write articles/ and gold/ into")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    articles, gold = write_corpus(args.n, args.out, args.seed)
    print(f"{args.n} articles in {articles}, gold in {gold}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
