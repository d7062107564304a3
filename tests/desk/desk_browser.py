#!/usr/bin/python3
"""desk_browser.py URL SHOTS RELEASE_ID DELETE_ID RETURN_ID XSS_ID BULK1_ID BULK2_ID

Drives replyguard-desk in headless Chromium (chromedriver, selenium) the
way a compliance officer would; prints one line per check and exits 1 if
any failed.  Screenshots: SHOTS/list.png, message.png, audit.png.
"""
import sys

from selenium import webdriver
from selenium.common.exceptions import (NoAlertPresentException, NoSuchElementException,
                                        StaleElementReferenceException, WebDriverException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

url, shots, release_id, delete_id, return_id, xss_id, bulk1_id, bulk2_id = sys.argv[1:9]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def no_alert(d):
    try:
        d.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


WAIT = 30  # seconds for one page; password hashing is slow under the sanitizers


def gone(old):
    """A wait condition: element old has left the page.  Mid-navigation
    Chromium may answer "Node with given id does not belong to the
    document" instead of a stale element: gone too (selenium's
    staleness_of lets that error through and fails the wait)."""
    def condition(_):
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as e:
            if "does not belong to the document" in str(e):
                return True
            raise
    return condition


def navigate(d, go, element_id):
    """Run go() (a click, a submit, back()), wait until the old page is gone
    and the new one carries element_id: reading before that would read the
    old page or nothing."""
    old = d.find_element(By.TAG_NAME, "html")
    go()
    WebDriverWait(d, WAIT).until(gone(old))
    WebDriverWait(d, WAIT).until(EC.presence_of_element_located((By.ID, element_id)))
    return d.find_element(By.ID, element_id)


def login(d, user, password):
    d.get(url + "/")
    WebDriverWait(d, WAIT).until(EC.presence_of_element_located((By.ID, "user")))
    d.find_element(By.ID, "user").send_keys(user)
    d.find_element(By.ID, "password").send_keys(password)
    navigate(d, d.find_element(By.ID, "login").click, "held")


def rows(d):
    return {r.get_attribute("data-id"): r for r in d.find_elements(By.CSS_SELECTOR, "tr.held")}


def post_form(d, fields):
    """Submit a hand-made form to /action, as a forged or crafted request would."""
    def submit():
        d.execute_script("""
        const f = document.createElement('form');
        f.method = 'post'; f.action = '/action';
        for (const [k, v] of Object.entries(arguments[0])) {
            const i = document.createElement('input');
            i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i);
        }
        document.body.appendChild(f); f.submit();""", fields)
    return navigate(d, submit, "problem").text


def act(d, action, comment):
    d.find_element(By.ID, "comment").send_keys(comment)
    return navigate(d, d.find_element(By.ID, action).click, "outcomes").text


opts = webdriver.ChromeOptions()
opts.binary_location = "/usr/bin/chromium"
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--window-size=1280,860", "--no-first-run", "--disable-extensions",
          "--disable-background-networking", "--disable-sync"):
    opts.add_argument(a)
d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
d.set_page_load_timeout(30)
try:
    # not logged in: the login page
    d.get(url + "/")
    check("/login" in d.current_url, "an anonymous visit goes to the login page")
    d.find_element(By.ID, "user").send_keys("ana")
    d.find_element(By.ID, "password").send_keys("not-the-password")
    problem = navigate(d, d.find_element(By.ID, "login").click, "problem")
    check("Wrong user or password" in problem.text, "a wrong password is refused")

    # the reviewer logs in and sees the list
    login(d, "ana", "reviewer-pass-1")
    r = rows(d)
    check(set(r) == {release_id, delete_id, return_id, xss_id, bulk1_id, bulk2_id},
          "the list shows the 6 held replies: %s" % sorted(r))
    subjects = {i: row.find_element(By.CLASS_NAME, "subject").text for i, row in r.items()}
    check(subjects.get(release_id) == "Re: Refund request 77812 – café", "B-encoded subject decoded: %r" % subjects.get(release_id))
    check(subjects.get(delete_id) == "Re: Prigovor 88123 - oštećen paket", "Q-encoded subject decoded: %r" % subjects.get(delete_id))
    check(not any("=?" in s for s in subjects.values()), "no encoded word left in any subject")
    check(subjects.get(xss_id) == "<script>alert(1)</script>", "the <script> subject is shown as text")
    check(no_alert(d) and not d.find_elements(By.CSS_SELECTOR, "td.subject script"), "and not run")
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in d.page_source, "it is escaped in the page")
    check(r[release_id].find_element(By.CLASS_NAME, "rules").text == "deflect.contract", "rules column")
    check(r[delete_id].find_element(By.CLASS_NAME, "lang").text == "hr", "language column")
    check(r[release_id].find_element(By.CLASS_NAME, "agent").text == "agent-release@agents.example", "agent column")
    check(d.find_element(By.ID, "held-count").text == "6", "held count")
    d.save_screenshot(shots + "/list.png")

    # sorting and filters
    navigate(d, d.find_element(By.LINK_TEXT, "Agent").click, "held")
    agents = [e.text for e in d.find_elements(By.CSS_SELECTOR, "tr.held td.agent")]
    check(agents == sorted(agents), "sorted by agent: %s" % agents)
    navigate(d, d.find_element(By.PARTIAL_LINK_TEXT, "Agent").click, "held")
    agents = [e.text for e in d.find_elements(By.CSS_SELECTOR, "tr.held td.agent")]
    check(agents == sorted(agents, reverse=True), "and back: %s" % agents)
    d.get(url + "/?rule=deflect.contract")
    check(set(rows(d)) == {release_id}, "filter by rule")
    d.get(url + "/?agent=agent-delete")
    check(set(rows(d)) == {delete_id}, "filter by agent")
    d.get(url + "/?min_age=600")
    check(set(rows(d)) == set(), "filter by age (10 hours)")

    # one reply: zones, the finding marked at its excerpt, its hint
    d.get(url + "/")
    navigate(d, rows(d)[release_id].find_element(By.CLASS_NAME, "open").click, "findings")
    marks = d.find_elements(By.CSS_SELECTOR, ".zone-new mark.finding[data-rule='deflect.contract']")
    check(len(marks) == 1 and " ".join(marks[0].text.split()).lower() == "as stated in your contract",
          "the finding is marked at its excerpt: %r" % [m.text for m in marks])
    check(marks and "instead of pointing to the contract" in marks[0].get_attribute("title"), "with its hint as title")
    check("instead of pointing to the contract" in d.find_element(By.ID, "findings").text, "and listed with its hint")
    check(len(d.find_elements(By.CSS_SELECTOR, ".zone-signature")) == 1, "the signature zone is shown")
    check(d.find_element(By.ID, "subject").text == "Re: Refund request 77812 – café", "decoded subject on the reply view")
    d.save_screenshot(shots + "/message.png")
    old = d.find_element(By.TAG_NAME, "html")
    d.find_element(By.ID, "raw").click()
    WebDriverWait(d, WAIT).until(gone(old))
    check("Subject: =?UTF-8?B?" in d.find_element(By.TAG_NAME, "body").text, "the raw message on request")
    navigate(d, d.back, "comment")

    # release it, with a comment
    out = act(d, "release", "Contract wording checked with legal; fine to send.")
    check(release_id in out and "ok" in out, "released: %s" % out.replace("\n", " | "))

    # delete another from the list (bulk form, one selected)
    d.get(url + "/")
    rows(d)[delete_id].find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
    out = act(d, "delete", "Duplicate of a reply already sent.")
    check(delete_id in out and "ok" in out, "deleted: %s" % out.replace("\n", " | "))

    # return one to its agent
    d.get(url + "/message?id=" + return_id)
    out = act(d, "return", "please add an apology and send it again")
    check(return_id in out and "ok" in out, "returned: %s" % out.replace("\n", " | "))

    # a bulk action on a selection of two
    d.get(url + "/")
    for i in (bulk1_id, bulk2_id):
        rows(d)[i].find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
    out = act(d, "delete", "both are duplicates")
    check(bulk1_id in out and bulk2_id in out and out.count("ok") >= 2,
          "bulk delete of two: %s" % out.replace("\n", " | "))

    d.get(url + "/")
    check(set(rows(d)) == {xss_id}, "only the <script> reply is left: %s" % sorted(rows(d)))

    # the audit page
    d.get(url + "/audit")
    text = d.find_element(By.ID, "audit").text
    entries = d.find_elements(By.CSS_SELECTOR, "#audit tr.entry")
    cells = [[c.text for c in e.find_elements(By.TAG_NAME, "td")] for e in entries]
    seen = {(c[1], c[2], c[3]) for c in cells}
    check(("ana", "release", release_id) in seen, "audit: ana released %s" % release_id)
    check(("ana", "delete", delete_id) in seen, "audit: ana deleted %s" % delete_id)
    check(("ana", "return", return_id) in seen, "audit: ana returned %s" % return_id)
    check(("ana", "delete", bulk1_id) in seen and ("ana", "delete", bulk2_id) in seen,
          "audit: one row per reply of the bulk action")
    check("Contract wording checked with legal" in text and "Duplicate of a reply" in text, "audit: the comments")
    check(all(c[10].startswith("ok") for c in cells), "audit: the outcomes")
    d.save_screenshot(shots + "/audit.png")

    # a POST without the CSRF token is refused
    problem = post_form(d, {"action": "delete", "id": xss_id, "comment": "forged"})
    check("CSRF token" in problem, "a POST without the CSRF token is refused: %r" % problem)

    # a viewer reads but may not act
    d.get(url + "/")
    navigate(d, d.find_element(By.ID, "logout").click, "user")
    login(d, "vic", "viewer-pass-1")
    check(set(rows(d)) == {xss_id}, "the viewer sees the list")
    check(not d.find_elements(By.ID, "release"), "the viewer gets no release button")
    token = d.find_element(By.CSS_SELECTOR, "input[name=csrf]").get_attribute("value")
    problem = post_form(d, {"csrf": token, "action": "release", "id": xss_id, "comment": "let it go"})
    check("reviewer role" in problem, "the viewer's release is refused: %r" % problem)
    d.get(url + "/")
    check(set(rows(d)) == {xss_id}, "and the reply is still held")
    check(no_alert(d), "no script ran anywhere")
finally:
    d.quit()

print("%d failure(s)" % len(failures))
sys.exit(1 if failures else 0)
