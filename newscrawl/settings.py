"""Scrapy settings for newscrawl. Every setting here can be overridden with ``-s NAME=VALUE``.

newscrawl's own settings are at the bottom. Pipelines and spiders are named by import path so
that this core package never imports the top-level ``spiders``/``pipelines`` packages.
"""

from __future__ import annotations

import os

BOT_NAME = "newscrawl"

# Spiders live in the top-level ``spiders`` package (see the README's layout section).
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# Identify ourselves honestly so that site owners can reach us.
USER_AGENT = "newscrawl/0.1 (+https://github.com/newscrawl/newscrawl)"

# Politeness: obey robots.txt, adapt speed to the server, and keep per-host concurrency low.
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_TIMEOUT = 30
# What one response yields (an article and its links, or a sitemap's requests) is handed to
# the spider middlewares and pipelines by this many asyncio tasks. Scrapy's default, 100,
# starts 100 tasks per response even for a page that yields one article: about 8% of the
# crawl's CPU in the crawl benchmark. Nothing downstream waits long (the store only queues),
# so a few suffice.
CONCURRENT_ITEMS = 16

# Refuse responses that would exhaust memory (huge pages, decompression bombs).
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024

# Retries for transient network errors and 5xx answers.
RETRY_ENABLED = True
RETRY_TIMES = 2

# Redirect loops are bounded; Scrapy logs and drops the request after this many hops.
REDIRECT_MAX_TIMES = 10

# Sitemaps larger than this (after decompression) are refused: protects against gzip bombs.
SITEMAP_MAX_SIZE = 50 * 1024 * 1024

# Scrapy's modern defaults.
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"

LOG_LEVEL = "INFO"

# A crawler that reads untrusted sites opens no consoles: Scrapy's telnet console and its
# remote-control HTTP server (which runs Python code sent to it) are off unless asked for.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# One concern per pipeline, in this order: validate → normalise → dedupe → store.
ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.normalise.NormalisePipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.store.StorePipeline": 900,
}

# ---------------------------------------------------------------------------------------------
# newscrawl settings
# ---------------------------------------------------------------------------------------------

# Where articles are stored: any SQLAlchemy URL. The NEWSCRAWL_DATABASE_URL environment variable
# wins over this default; ``-s DATABASE_URL=...`` wins over both.
DATABASE_URL = os.environ.get("NEWSCRAWL_DATABASE_URL", "sqlite:///newscrawl.db")

# Write-behind batching: the store pipeline hands items to a worker thread that writes a batch
# when it holds this many items or when this many seconds have passed, whichever comes first.
NEWSCRAWL_BATCH_SIZE = 100
NEWSCRAWL_FLUSH_INTERVAL = 1.0
# At most this many items wait in memory for the writer; beyond that, new items go straight to
# the spill file instead of growing memory without bound while the database is slow or down.
# 0 = the writer's default, ten batches (10 * NEWSCRAWL_BATCH_SIZE).
NEWSCRAWL_MAX_PENDING = 0

# A failed batch is retried this many times with exponential backoff before it is spilled.
NEWSCRAWL_WRITE_RETRIES = 5
NEWSCRAWL_WRITE_BACKOFF = 0.5

# Batches that still cannot be written go to this JSON-lines file; ``newscrawl replay`` loads it.
NEWSCRAWL_SPILL_DIR = "spill"

# Create or upgrade the database schema (Alembic ``upgrade head``) when a crawl starts.
NEWSCRAWL_AUTO_MIGRATE = True

# Crawl limits for the generic ``news`` spider.
NEWSCRAWL_MAX_PAGES_PER_SITE = 10_000
DEPTH_LIMIT = 5
# Skip sitemap/feed entries (and child sitemaps) dated more than this many days ago; 0 = off.
NEWSCRAWL_MAX_ARTICLE_AGE_DAYS = 0

# Incremental crawling (pipelines/incremental.py): skip pages whose sitemap lastmod says they
# have not changed since the last fetch, ask known pages conditionally (If-None-Match,
# If-Modified-Since), record each article fetch in page_states.
NEWSCRAWL_INCREMENTAL = True
# When recent articles are checked again, after publication (then never again): an edit or new
# comments that no sitemap announces is caught on this schedule.
NEWSCRAWL_REVISIT_LADDER = "1h,6h,24h,7d"
# At most this many revisits per site and crawl, the most overdue first; 0 = all that are due.
NEWSCRAWL_REVISIT_LIMIT = 0
# Tests only: the crawl's clock starts at this ISO 8601 time instead of now (revisits, ages).
NEWSCRAWL_NOW = None

# Near duplicates (syndicated or lightly edited copies) are linked to the first copy
# (articles.duplicate_of) when the estimated similarity of their bodies reaches this; 0 = off.
NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD = 0.8
# A new crawl process compares against articles stored within this many days (0 = all).
NEWSCRAWL_NEAR_DUPLICATE_WINDOW_DAYS = 30
# The schedule file's site name, recorded in crawl_runs.site; `newscrawl schedule` sets it for
# each crawl it starts. Empty for a one-off `scrapy crawl` (the column stays NULL).
NEWSCRAWL_SITE_LABEL = ""

SPIDER_MIDDLEWARES = {
    # Close to the spider (a high number): it sees the spider's requests and items first.
    "pipelines.incremental.IncrementalMiddleware": 950,
}

EXTENSIONS = {
    # The cyclic garbage collector runs less often during a crawl (pipelines/collector.py).
    "pipelines.collector.CollectorTuning": 0,
}
# Net allocations between two collections of the youngest generation while a spider is open
# (Python's default: 700); 0 leaves the collector alone.
NEWSCRAWL_GC_THRESHOLD = 5000

DOWNLOADER_MIDDLEWARES = {
    # Downloads wait while the page-analysis workers are busy (pipelines/backpressure.py).
    "pipelines.backpressure.AnalysisBackpressure": 50,
    # Meta-refresh redirects read from the page's head, not from the whole page decoded
    # (pipelines/metarefresh.py), in Scrapy's own middleware's place.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "pipelines.metarefresh.HeadMetaRefreshMiddleware": 580,
}

# Distributed mode: with -s REDIS_URL=redis://host:6379/0 this add-on moves the scheduler and
# duplicate filter to a shared, reliable Redis frontier (newscrawl/distributed/); unset, it
# does nothing. See docs/production.md.
ADDONS = {"newscrawl.distributed.DistributedAddon": 0}

# Page analysis (extraction and classification, the crawl's CPU-heavy part) runs in this many
# worker processes, so that the reactor keeps fetching meanwhile: a number, 0 (in the crawler's
# own process) or "auto" (one per core but one, at most 4: 0 on one core, 1 on two). Each
# worker holds some 50 to 100 MB.
NEWSCRAWL_EXTRACT_PROCESSES = "auto"
# With analysis workers, the crawler's process analyses a page itself when every worker is busy
# and has pages queued: it uses the part of a core that fetching and storing leave idle.
NEWSCRAWL_EXTRACT_SHARE = True
# A worker process is replaced after analysing this many pages (bounds its memory); 0 = never.
NEWSCRAWL_EXTRACT_TASKS_PER_PROCESS = 0
# With analysis in worker processes, the crawler's process asks glibc's malloc to give large
# buffers (page bodies) back to the OS and to share two arenas among its threads: about 80 MB
# less at the peak of a 20,000-page crawl (newscrawl/memory.py). No effect without glibc.
NEWSCRAWL_TUNE_ALLOCATOR = True
