"""Page analysis in worker processes (issue 6): one parse per page, the same results as in the
crawler's process, and a worker that dies costs at most the page it held, never the crawl."""

from __future__ import annotations

import asyncio
import os
import pickle

import pytest

import newscrawl.analysis
import newscrawl.extract
from newscrawl.analysis import (
    AnalysisPool,
    ExtractionCrash,
    PageAnalyser,
    WorkerCrash,
    analyse_page,
    auto_processes,
    processes_setting,
    rules_from_state,
    rules_state,
)
from newscrawl.classify import page_outline, parse_html
from newscrawl.demo.pages import build_site
from newscrawl.extract import ExtractionError, SiteRules, extract_article, load_site_profile
from newscrawl.neardup import BodySketch

pytestmark = pytest.mark.timeout(120)

BASE = "http://127.0.0.1:8000"
ARTICLE = "/2025/10/copper-prices-hit-six-month-high-as-smelters-cut-output/"
CRASH_MARK = "<!-- kill the analysis worker -->"


@pytest.fixture(scope="module")
def site():
    return build_site(BASE)


def pages(site, paths=(ARTICLE, "/", "/page/2/")) -> list[tuple[str, str]]:
    return [(BASE + path, site[path].body.decode("utf-8")) for path in paths]


def comparable(article):
    """An article's fields, without what depends on the moment of extraction (none today)."""
    return article.to_json_dict()


# -- one parse ------------------------------------------------------------------------------------


def test_the_outline_from_extraction_equals_one_from_a_parse_of_its_own(site):
    for url, html in pages(site):
        analysis = analyse_page(html, url, SiteRules())
        assert analysis.outline == page_outline(parse_html(html))
        assert comparable(analysis.article) == comparable(extract_article(html, url, SiteRules()))


def test_the_outline_is_read_before_extraction_prunes_the_tree(site):
    url, html = pages(site, ("/page/2/",))[0]
    outline = analyse_page(html, url).outline
    # Navigation links are cut out of the tree by body extraction; the outline still has them.
    assert any(href.rstrip("/").endswith("/page/3") for href in outline.link_hrefs)
    assert outline.next_hrefs


def test_an_analysis_pickles(site):
    url, html = pages(site)[0]
    analysis = analyse_page(html, url)
    copy = pickle.loads(pickle.dumps(analysis))
    assert copy.outline == analysis.outline
    assert comparable(copy.article) == comparable(analysis.article)


# -- settings and rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(None, 0), ("", 0), ("0", 0), (2, 2), ("3", 3)])
def test_processes_setting(value, expected):
    assert processes_setting(value) == expected


@pytest.mark.parametrize("value", ["-1", "many", 1.5j])
def test_bad_processes_setting_is_refused(value):
    with pytest.raises(ValueError):
        processes_setting(value)


def test_auto_processes_leaves_one_core_to_the_crawler_and_the_machine():
    assert auto_processes(1) == 0
    assert auto_processes(2) == 1
    assert auto_processes(4) == 3
    assert auto_processes(64) == newscrawl.analysis.MAX_AUTO_PROCESSES
    assert processes_setting("auto") == auto_processes()


def test_site_rules_cross_the_process_boundary_as_plain_data():
    rules = load_site_profile("valuewalk").rules
    state = rules_state(rules)
    assert pickle.loads(pickle.dumps(state)) == state
    rebuilt = rules_from_state(state)
    assert rebuilt == rules
    assert rebuilt.compiled.keys() == rules.compiled.keys()
    assert rules_from_state(rules_state(None)) is None


# -- the pool -------------------------------------------------------------------------------------


def analyse_all(pool: AnalysisPool, jobs: list[tuple[str, str]]) -> list:
    async def run():
        tasks = [pool.analyse(html, url, SiteRules()) for url, html in jobs]
        return await asyncio.gather(*tasks, return_exceptions=True)

    return asyncio.run(run())


def crashing_worker(html, url, state):
    """Stands in for the worker function: dies (as a segfault would) on marked pages (the
    spider sends a UTF-8 page's bytes, other callers text)."""
    if (CRASH_MARK.encode() if isinstance(html, bytes) else CRASH_MARK) in html:
        os._exit(70)
    return newscrawl.analysis._analyse_in_worker(html, url, state)


@pytest.mark.parametrize("start_method", ["spawn", "forkserver"])
def test_pool_results_equal_in_process_results(site, start_method):
    jobs = pages(site)
    pool = AnalysisPool(1, start_method=start_method)
    try:
        results = analyse_all(pool, jobs)
    finally:
        pool.close()
    for (url, html), result in zip(jobs, results, strict=True):
        expected = analyse_page(html, url, SiteRules())
        assert result.outline == expected.outline
        assert comparable(result.article) == comparable(expected.article)


def test_pool_passes_extraction_errors_back(site):
    pool = AnalysisPool(1)
    try:
        (error,) = analyse_all(pool, [(BASE + "/empty", "   ")])
    finally:
        pool.close()
    assert isinstance(error, ExtractionError)


def test_a_bug_in_extraction_comes_back_as_text(monkeypatch, site):
    class Unpicklable(Exception):
        def __reduce__(self):
            raise TypeError("cannot pickle")

    def broken(*args, **kwargs):
        raise Unpicklable("bug in extraction")

    monkeypatch.setattr(newscrawl.extract, "extract_article", broken)
    url, html = pages(site)[0]
    with pytest.raises(ExtractionCrash) as raised:
        newscrawl.analysis._analyse_in_worker(html, url, rules_state(SiteRules()))
    crash = pickle.loads(pickle.dumps(raised.value))
    assert "bug in extraction" in crash.description
    assert "Traceback" in crash.details


def test_a_dying_worker_costs_only_its_page_and_the_pool_recovers(monkeypatch, site):
    monkeypatch.setattr(newscrawl.analysis, "_analyse_in_worker", crashing_worker)
    restarts = []
    pool = AnalysisPool(1, on_restart=lambda: restarts.append(1))
    good = pages(site)
    poison = good[0][1] + CRASH_MARK
    try:
        results = analyse_all(pool, [*good, (BASE + "/poison", poison)])
        after = analyse_all(pool, good)
    finally:
        pool.close()
    assert isinstance(results[-1], WorkerCrash)
    # Pages in flight with the poison page were tried again in a new pool; some may have
    # shared its second death, none was lost silently: each is an analysis or a WorkerCrash.
    assert all(isinstance(r, (newscrawl.analysis.PageAnalysis, WorkerCrash)) for r in results)
    assert restarts and pool.restarts == len(restarts)
    assert all(isinstance(r, newscrawl.analysis.PageAnalysis) for r in after)


def test_a_closed_pool_refuses_work(site):
    pool = AnalysisPool(1)
    pool.close()
    pool.close()  # idempotent
    (result,) = analyse_all(pool, pages(site)[:1])
    assert isinstance(result, WorkerCrash)


def test_an_analyser_reads_its_settings():
    from scrapy.settings import Settings

    analyser = PageAnalyser.from_settings(
        Settings({"NEWSCRAWL_EXTRACT_PROCESSES": "2", "NEWSCRAWL_EXTRACT_TASKS_PER_PROCESS": 50})
    )
    assert analyser.processes == 2 and not analyser.pooled
    unsketched = PageAnalyser.from_settings(Settings({"NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD": 0}))
    assert unsketched.processes == 0


def test_an_analyser_works_in_process_until_opened_and_after_closing(site):
    url, html = pages(site)[0]
    analyser = PageAnalyser(1)
    before = asyncio.run(analyser.analyse(html, url))
    analyser.open()
    try:
        assert analyser.pooled
        pooled = asyncio.run(analyser.analyse(html, url))
    finally:
        analyser.close()
    after = asyncio.run(analyser.analyse(html, url))
    assert not analyser.pooled
    assert comparable(before.article) == comparable(pooled.article) == comparable(after.article)


def test_a_full_pool_shares_its_pages_with_the_crawlers_process(site):
    url, html = pages(site)[0]
    sharing, not_sharing = PageAnalyser(1, share_when_full=True), PageAnalyser(1)
    assert sharing.analyses_here() and not_sharing.analyses_here()  # no pool yet
    for analyser in (sharing, not_sharing):
        analyser.open()
    try:

        async def run():
            # Fill both pools, then ask each where the next page goes.
            held = [
                asyncio.ensure_future(a.analyse(html, url))
                for a in (sharing, not_sharing)
                for _ in range(a._pool.max_in_flight)
            ]
            await asyncio.sleep(0)
            decisions = (sharing.analyses_here(), not_sharing.analyses_here())
            await asyncio.gather(*held)
            return decisions, (sharing.analyses_here(), not_sharing.analyses_here())

        full, drained = asyncio.run(run())
    finally:
        sharing.close()
        not_sharing.close()
    assert full == (True, False)  # the sharing one takes the page itself
    assert drained == (False, False)  # room again: the pool's workers take it


def test_sharing_is_on_by_default_and_can_be_turned_off():
    from scrapy.settings import Settings

    assert PageAnalyser.from_settings(Settings()).share_when_full
    off = PageAnalyser.from_settings(Settings({"NEWSCRAWL_EXTRACT_SHARE": "False"}))
    assert not off.share_when_full


def test_a_spider_with_a_full_pool_analyses_the_page_itself(site):
    spider = pool_spider()
    spider._open_analysis_pool(spider)
    pool = spider._analyser._pool
    pool.in_flight = pool.max_in_flight  # as if the workers had their hands full
    try:
        (outputs,) = parse_all(spider, [html_response(*pages(site)[0])])
    finally:
        pool.in_flight = 0
        spider._close_analysis_pool(spider)
    here = list(in_process_spider().parse(html_response(*pages(site)[0])))
    assert [comparable(a) for a in outputs] == [comparable(a) for a in here]
    assert spider.crawler.stats.get_value("newscrawl/extraction/shared_with_crawler") == 1


def test_a_worker_collects_garbage_less_often_than_the_default(monkeypatch):
    import gc

    # _start_worker sets the worker's globals: restored after the test.
    monkeypatch.setattr(newscrawl.analysis, "_worker_rules", None)
    monkeypatch.setattr(newscrawl.analysis, "_worker_sketcher", None)
    before = gc.get_threshold()
    try:
        newscrawl.analysis._start_worker()
        assert gc.get_threshold() == newscrawl.analysis.WORKER_GC_THRESHOLDS
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def test_an_analyser_without_processes_never_starts_a_pool(site):
    analyser = PageAnalyser(0)
    analyser.open()
    assert not analyser.pooled
    analyser.close()


def test_a_pool_never_forks_the_crawler():
    with pytest.raises(ValueError):
        AnalysisPool(1, start_method="fork")
    with pytest.raises(ValueError):
        AnalysisPool(0)


# -- the spider with a pool -----------------------------------------------------------------------


def pool_spider():
    from scrapy.utils.test import get_crawler

    from spiders.news import NewsSpider

    crawler = get_crawler(NewsSpider, {"NEWSCRAWL_EXTRACT_PROCESSES": "1"})
    spider = NewsSpider.from_crawler(crawler, start_urls=BASE + "/")
    crawler.spider = spider
    return spider


def html_response(url: str, body: str):
    from scrapy.http import HtmlResponse, Request

    request = Request(url, meta={"newscrawl_found_in": "sitemap"})
    headers = {"Content-Type": "text/html; charset=utf-8"}
    return HtmlResponse(url, body=body.encode(), headers=headers, request=request, encoding="utf-8")


def parse_all(spider, responses) -> list[list]:
    async def outputs(response):
        return [output async for output in spider.parse_async(response)]

    async def run():
        return await asyncio.gather(*(outputs(r) for r in responses))

    return asyncio.run(run())


def test_spider_requests_go_to_the_pool_callback():
    spider = pool_spider()
    assert spider._request(BASE + "/a/", "sitemap", is_page=True).callback == spider.parse_async


def in_process_spider(settings=None):
    from scrapy.utils.test import get_crawler

    from spiders.news import NewsSpider

    return NewsSpider.from_crawler(get_crawler(NewsSpider, settings), start_urls=BASE + "/")


def parse_article_in_pool(site) -> list:
    """What a pooled spider yields for the site's first article page."""
    spider = pool_spider()
    spider._open_analysis_pool(spider)
    try:
        (outputs,) = parse_all(spider, [html_response(*pages(site)[0])])
    finally:
        spider._close_analysis_pool(spider)
    return outputs


def test_spider_articles_carry_their_sketch_with_and_without_a_pool(site):
    pooled = parse_article_in_pool(site)
    (here,) = in_process_spider().parse(html_response(*pages(site)[0]))
    unsketched = in_process_spider({"NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD": 0})
    (bare,) = unsketched.parse(html_response(*pages(site)[0]))

    assert isinstance(here.near_duplicate_sketch, BodySketch)
    assert pooled[0].near_duplicate_sketch == here.near_duplicate_sketch
    assert bare.near_duplicate_sketch is None


def test_spider_with_a_pool_yields_what_it_yields_without(site):
    pooled = parse_article_in_pool(site)
    here = list(in_process_spider().parse(html_response(*pages(site)[0])))
    assert [comparable(a) for a in pooled] == [comparable(a) for a in here]
    assert len(pooled) == 1


def test_a_dying_worker_is_a_counted_drop_and_the_crawl_goes_on(monkeypatch, site):
    monkeypatch.setattr(newscrawl.analysis, "_analyse_in_worker", crashing_worker)
    spider = pool_spider()
    spider._open_analysis_pool(spider)
    url, html = pages(site)[0]
    try:
        (poisoned,) = parse_all(
            spider, [html_response(BASE + "/2025/10/poison/", html + CRASH_MARK)]
        )
        (good,) = parse_all(spider, [html_response(url, html)])
    finally:
        spider._close_analysis_pool(spider)
    stats = spider.crawler.stats
    assert poisoned == []
    assert stats.get_value("newscrawl/dropped/extraction_worker_crash") == 1
    assert stats.get_value("newscrawl/extraction/pool_restarts") == 2
    assert len(good) == 1 and good[0].title


# -- backpressure ---------------------------------------------------------------------------------


def test_wait_for_room_waits_while_the_pool_is_full(site):
    url, html = pages(site)[0]
    pool = AnalysisPool(1, max_in_flight=1)

    async def run():
        analysing = asyncio.ensure_future(pool.analyse(html, url))
        await asyncio.sleep(0)  # the analysis has started: the pool is full
        assert pool.in_flight == 1
        waiting = asyncio.ensure_future(pool.wait_for_room())
        await asyncio.sleep(0)
        assert not waiting.done()
        await analysing
        await asyncio.wait_for(waiting, timeout=60)
        assert pool.in_flight == 0

    try:
        asyncio.run(run())
    finally:
        pool.close()


def test_downloads_wait_on_the_spiders_analysis_room():
    from scrapy import Request
    from scrapy.utils.test import get_crawler

    from pipelines.backpressure import AnalysisBackpressure
    from spiders.news import NewsSpider

    calls = []

    class Spider(NewsSpider):
        name = "waiting"

        async def wait_for_analysis_room(self):
            calls.append(1)

    crawler = get_crawler(Spider)
    crawler.spider = Spider.from_crawler(crawler, start_urls=BASE + "/")
    middleware = AnalysisBackpressure.from_crawler(crawler)
    assert asyncio.run(middleware.process_request(Request(BASE + "/a/"))) is None
    assert calls == [1]
    # A spider without analysis workers (or another spider) is not slowed.
    crawler.spider = object()
    assert asyncio.run(middleware.process_request(Request(BASE + "/a/"))) is None


# -- a real crawl ---------------------------------------------------------------------------------


@pytest.mark.timeout(300)
def test_a_crawl_stores_the_same_with_and_without_workers(demo_site, crawl):
    columns = "url, title, body, authors, published_at, updated_at, language, section, tags"
    query = f"SELECT {columns} FROM articles ORDER BY url"
    start = [demo_site.url("/sitemap_index.xml")]

    pooled = crawl(start, settings={"NEWSCRAWL_EXTRACT_PROCESSES": "1"})
    in_process = crawl(start, settings={"NEWSCRAWL_EXTRACT_PROCESSES": "0"})

    assert pooled.rows(query) == in_process.rows(query)
    assert len(pooled.rows(query)) == len(pooled.article_urls()) > 0
    comments = "SELECT body, author, posted_at FROM comments ORDER BY body"
    assert pooled.rows(comments) == in_process.rows(comments)
    # Near-duplicate signatures, made by the workers in one crawl and in the crawler's process
    # in the other, are the same.
    signatures = (
        "SELECT a.url, s.scheme, s.signature FROM article_signatures s "
        "JOIN articles a ON a.id = s.article_id ORDER BY a.url"
    )
    assert pooled.rows(signatures) == in_process.rows(signatures)
    assert len(pooled.rows(signatures)) > 0
    assert "analysing pages in 1 worker process(es)" in pooled.log
    assert "worker process" not in in_process.log
