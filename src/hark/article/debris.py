"""Vocabulary of page debris: the UI words, labels and credit patterns that are never article prose."""

from __future__ import annotations

import re

# Whole lines that are page furniture, compared after lowercasing and trimming punctuation.
# Only exact matches count: "Share" is debris, "Shares fell 4%." is not.
_UI_PHRASES = (
    "advertisement", "advertisements", "advert", "ad", "sponsored", "sponsored content", "paid content",
    "promoted", "skip advertisement", "continue reading below advertisement",
    "story continues below advertisement", "article continues below advertisement",
    "scroll to continue with content", "share", "share this", "share this article", "share this story",
    "share article", "share on facebook", "share on twitter", "share on x", "share on whatsapp",
    "share on linkedin", "share via email", "copy link", "link copied", "tweet", "email", "print",
    "facebook", "twitter", "whatsapp", "linkedin", "pinterest", "reddit", "x", "save", "save article",
    "saved", "gift article", "gift this article", "bookmark", "listen", "listen to this article",
    "listen to article", "play", "pause", "audio", "select voice", "voice", "speed", "slow", "average",
    "fast", "comments", "comment", "leave a comment", "show comments", "view comments",
    "join the conversation", "join the discussion", "add a comment", "post a comment", "reply",
    "report", "like", "most viewed", "most read", "most popular", "trending", "trending now",
    "popular now", "recommended", "recommended for you", "related", "related articles",
    "related stories", "related content", "read next", "more stories", "more from", "more on this story",
    "you may also like", "you might also like", "in other news", "top stories", "latest",
    "latest news", "editor's picks", "editors' picks", "don't miss", "sign up", "sign in", "log in",
    "subscribe", "subscribe now", "register", "follow", "follow us", "menu", "search", "close",
    "skip to content", "skip to main content", "back to top", "home", "newsletter", "newsletters",
    "accept", "accept all", "accept cookies", "accept all cookies", "reject all", "manage preferences",
    "cookie settings", "got it", "topics", "tags", "see also", "watch", "watch video", "watch now",
    "photos", "gallery", "video", "play video", "about the author", "author bio", "read more",
    "continue reading", "show more", "load more", "view gallery", "open image", "enlarge this image",
    "toggle caption", "hide caption", "expand", "collapse", "next", "previous", "more",
    "like this", "share this", "more videos", "related topics", "explore more on these topics",
    "reuse this content", "after newsletter promotion", "skip past newsletter promotion",
    "image caption", "media caption", "more from this section", "most shared",
    "table of contents", "contents", "in this article", "jump to", "sponsor message", "sponsored post",
    "more articles", "more posts", "more you might like", "you may also be interested in", "further reading",
    "keep reading", "also read", "what to read next", "get started", "contact us", "buy now", "shop now",
)
UI_LINES = frozenset(_UI_PHRASES)

# Lines that end the article when they come after most of its prose: what follows is comments,
# link lists and bios, not the story.
TAIL_MARKERS = frozenset(
    (
        "comments", "leave a comment", "show comments", "view comments", "join the conversation",
        "join the discussion", "add a comment", "post a comment", "most viewed", "most read",
        "most popular", "trending", "trending now", "popular now", "recommended", "recommended for you",
        "related", "related articles", "related stories", "related content", "read next", "more stories",
        "more on this story", "you may also like", "you might also like", "in other news", "top stories",
        "latest news", "editor's picks", "editors' picks", "don't miss", "about the author", "author bio",
        "more from", "topics", "tags", "read more", "like this", "share this", "more videos",
        "related topics", "explore more on these topics", "more from this section", "most shared",
        "more articles", "more posts", "more you might like", "you may also be interested in", "further reading",
        "keep reading", "what to read next", "related posts", "recent posts", "share this article",
        "share this post", "leave a reply", "discussion about this post", "more from this author",
        "also from this author", "comments navigation",
    )
)

# Tail markers that only ever follow a story (comments, the author's bio, its tags), never a box inside it.
CLOSING_MARKER = re.compile(r"comment|repl|discussion|conversation|thoughts|author|bio\b|tags|topics", re.IGNORECASE)

# Patterns for debris lines. Each is anchored and has no nested quantifiers, so it runs in
# linear time on untrusted text.
DEBRIS_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(read|see|watch|listen) (more|also|next)\b\s*[:|»›>-]",  # "READ MORE: …", "See also: …"
        r"^(related|more|recommended|watch|video|listen|podcast|gallery|pictures|in pictures)\s*[:|»›]",
        r"^\d{1,2}(\.\d{1,2})?\s*x\b.{0,12}\b\d{2,3}\s*wpm\b",  # "1.25x · 250 WPM"
        r"\b\d{2,3}\s*wpm$",
        r"^(estimated )?reading time\s*:?\s*\d+",  # "Reading Time: 4 minutes"
        r"^\d+\s*(min|mins|minute|minutes)\s*(read|listen)$",  # "4 min read"
        r"^why you can trust\b",
        r"^(sign up|subscribe|register)\b.{0,80}\b(newsletter|updates|inbox|email|briefing|alerts)\b",
        r"^(get|receive) (our|the)\b.{0,60}\b(newsletter|briefing|alerts)\b",
        r"^(photo|photograph|image|illustration|picture|graphic|video|credit|source|footage)s?"
        r"( credit| by)?\s*:\s*\S",  # "Illustration: Jane Doe/The Post"
        r"^(photo|photograph|image|illustration|picture|video|footage)s?\s+(by|courtesy of)\s+[^.!?]{2,60}$",  # "Photo by Jane Smith"
        r"\b(photograph|illustration|photo|composite|image)\s*:\s*[^.!?]{2,80}$",  # Guardian caption tail
        r"\((ap|afp|reuters|getty|epa|pa)( photo| images)?[^()]{0,60}\)$",  # "(AP Photo/Name)"
        r"(/|\b)(getty images|shutterstock|alamy|afp via getty images|reuters|ap photo|epa-efe|pa wire|pa media)$",
        r"^\d+\s*(comments?|replies|shares|views|likes|reactions)$",  # "214 comments"
        r"^(comments|replies|shares)\s*\(?\d+\)?$",
        r"^(published|updated|posted|last updated|first published|modified)\b\s*:?\s*[^.!?]{0,60}\d",
        r"^(copyright|©|\(c\))\s",
        r"^(media |image )?caption\s*[,:]",  # "Media caption, Highlights: United 2-1 City"
        r"^privacy notice\s*:",
        r"^follow (us|him|her|them|the author)?\s*(on|at)\b",
        r"^(click|tap) here\b",
        r"^(image|photo|video) \d+ (of|/) \d+$",
        r"^\d{1,2}:\d{2}(:\d{2})?$",  # a video duration on its own line
        r"^(this article|this story) (was|is) (originally )?(published|produced|adapted)\b.{0,80}$",
        r"^(you have|you've) (reached|read) (your|\d+)\b",
        r"^(already a subscriber|subscribers only|create (a free|an) account)\b",
        # Ad slots and their notes: "Advertisement - Continue Reading Below", "Article continues below".
        r"^(advertisement|advert|ad)\s*[-–—:|]\s*(story |article )?continues?\b.{0,30}$",
        r"^(the )?(article|story|content) continues (below|after)\b.{0,30}$",
        r"^(was|is|did you find) (this|the) (article|page|post|story|guide|information|content)\b.{0,20}"
        r"\b(useful|helpful)\??$",
        r"^be the first to (comment|review|reply)\b.{0,20}$",
        r"^powered by\s+[^.!?]{1,40}$",
        r"^(image|photo|picture) (source|courtesy)\s*:",
        r"^https?://\S+(\s*\([^()]{0,30}\))?$",  # a bare link: nobody reads a URL aloud
        r"^(if you (liked|enjoyed) (this|the) (post|article|story),? )?you (may|might|will) (also )?"
        r"(like|enjoy|be interested in)( these| the following)?( topics| posts| articles| stories)?( as well)?\s*:?$",
        r"^recently by [A-Z][\w.'’-]*( [A-Z][\w.'’-]*){0,3}$",
        # A call to action set on its own line: "Contact Us Today!", "Schedule a Free Call".
        r"^(contact us|get in touch|get started|discuss your project)( today| now| for free| with us)?[.!]?$",
        r"^(contact us|get in touch)\b.{0,40}\b(help|project|quote|today)\b.{0,20}$",
        r"^(schedule|book|request) (a|your) (free )?(call|consultation|quote|demo|session)\b.{0,30}$",
        r"^(start (your|a) free trial|buy on amazon|share your (story|feedback|thoughts|experience))\b.{0,50}$",
        # "Ready to simplify your nutrition? Get started today.", "Want to see how it works? Learn more here."
        r"^(ready|want) to\b[^.!?]{0,60}\?\s*(get started|learn more|try|sign up|contact us|book|start|join)\b"
        r"[^.!?]{0,30}[.!]?$",
        r"^(learn|read|find out|see) more here[.!]?$",
    )
)

# Debris that a quoted sentence of prose could also contain ("We use cookies," she said):
# applied only to lines without quotation marks and of modest length.
SOFT_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bnewsletter\b.{0,40}\b(sign up|subscribe)\b",
        r"\b(we|this (site|website)) uses? cookies\b",
        r"\b(accept|reject|manage)( all)? cookies\b",
        r"\bcookie (policy|settings|preferences|notice)\b",
        r"\ball rights reserved\b",
        r"\byour (privacy|consent) (choices|preferences|settings)\b",
        r"^(unlock|get) (unlimited|full) (access|digital access)\b",
        r"\b(subscribe|subscription) (to|for) (continue|keep) reading\b",
        r"^(support|fund) (our|independent) journalism\b",
        r"\bconsider (supporting|subscribing|becoming)\b.{0,80}\b(subscri|donat|journalism|member|patron)",
        r"^join (our|the)\b.{0,40}\bnewsletter\b",
        r"^join [\d,.]+\+? (subscribers|readers|people|others|members)\b",
        r"\bcheck your (inbox|email)\b",
        # Affiliate and editorial disclosures.
        r"\baffiliate (links?|commissions?|partners?)\b",
        r"\b(we|i|us|site) (may|might|will|could) (earn|receive|get)( us)? (a )?(small )?(commission|compensation)\b",
        r"\bpurchases? (made )?through (our|these|the) links\b",
        r"\bsupported by commissions\b",
        r"\byou agree to (our|the)\b.{0,40}\b(terms|privacy)\b",
        r"\bviews expressed\b.{0,60}\bnot necessarily\b",
        r"^(advertiser |affiliate |editorial )?(disclosure|note)\s*:.{0,40}\b(affiliate|commission|sponsor|compensat)",
    )
)
# A byline: "By Jane Doe", "Words by Ann Lee and Tom Ray" (case kept: "By the numbers" is a subhead).
BYLINE = re.compile(
    r"^(By|BY|Words by|Written by|Reporting by|Report by|Story by|Text by)\s+"
    r"(?!(the|a|an|this|that|these|those|then|now|far|contrast|comparison)\b)[A-Z][^.!?]{1,80}$"
)
# A label and a Title Case name after the story: "Our Standards: The Trust Principles."
TAIL_LABEL = re.compile(r"^[A-Z][A-Za-z ]{2,30}: [A-Z][\w'’-]*( [A-Z][\w'’-]*){0,7}\.?$")
# A video duration alone on its line: "03:01", "1:02:45".
DURATION_ONLY = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
# A comment-count header that opens the comments: "214 Comments", "Comments (12)".
COUNT_HEADER = re.compile(
    r"^(\d+ (reader )?(comments?|responses?)|comments? \(\d+\)|\d+ thoughts? on\b.{0,200})$", re.IGNORECASE
)
# A short line ending in a video duration: "Watch: floods hit the coast 03:01".
DURATION_TAIL = re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?$")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}"
# A dateline or timestamp line: "12 March 2024", "Mar 12, 2024 10:41 AM ET", "3 hours ago", "January 22nd, 2019".
TIMESTAMP = re.compile(
    r"^(\w+,? )?(\d{1,2} \w{3,9},? \d{4}|\w{3,9}\.? \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|\d{1,2}(st|nd|rd|th) (of )?" + _MONTH + r",? \d{4}|" + _MONTH + r"\.? \d{1,2}(st|nd|rd|th),? \d{4})"
    r"([ ,·|-]{1,4}[\w:.]{1,8}){0,5}$"
    r"|^\d+ (second|minute|hour|day|week|month|year)s? ago$",
    re.IGNORECASE,
)
# An author bio sentence: "Jane Doe is a senior reporter covering energy."
BIO = re.compile(
    r"^(?!(He|She|It|They|This|That|There|We|You|I)\b)[A-Z][\w.'’-]{1,20}( [A-Z][\w.'’-]{1,20}){0,3}"
    r" (is|was|has been) (a|an|the|our)\b[^.!?]{0,120}"
    r"\b(?i:reporter|correspondent|editor|writer|journalist|columnist|author|contributor|critic|producer)\b",
)
