"""The six key questions a process plan answers before it chooses its activities (from the
experience of Distriktssenteret's Veiledningspiloten, docs/sources.md): what each asks, help, and
a short example from a small municipality to start from ("hyllevare" to tailor)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import QuestionKey


@dataclass(frozen=True)
class Question:
    key: str
    title: str | Promise
    asks: str | Promise
    help: str | Promise
    example: str | Promise


QUESTIONS: tuple[Question, ...] = (
    Question(
        QuestionKey.WHO,
        QuestionKey.WHO.label,
        _(
            "Do the political and administrative leaders share an understanding of today's "
            "situation, the challenges and the needs ahead? Which process do we need to get it?"
        ),
        _(
            "Write what the leaders agree on and where they see things differently. If the "
            "understanding is not shared, plan an activity for it early, such as a short workshop "
            "with the council and the management team."
        ),
        _(
            "The council and the management team agree that the population is falling and that "
            "the centre has lost its meeting places. They see the causes differently. A workshop "
            "in the first phase gives a shared picture before we choose measures."
        ),
    ),
    Question(
        QuestionKey.KNOWLEDGE,
        QuestionKey.KNOWLEDGE.label,
        _("What do we know already, and what more do we need to know?"),
        _(
            "Start from the statistics and the challenge picture in Samplan, the public health "
            "overview and earlier surveys. List the knowledge needs one by one, with who can "
            "find out."
        ),
        _(
            "We have SSB's population figures and the public health overview from 2023. We lack: "
            "why young adults move away, which houses are empty, and what the businesses need "
            "of workers in the next five years."
        ),
    ),
    Question(
        QuestionKey.WHERE,
        QuestionKey.WHERE.label,
        _("What is the picture of the future? What do we want to achieve?"),
        _(
            "Describe the future in a few sentences that residents recognise. It should point the "
            "same way as the long-term goals of the community part."
        ),
        _(
            "In 2035 the centre is a place people of all ages use every day: a shop, a café, the "
            "school and the health centre close together, with safe paths for children."
        ),
    ),
    Question(
        QuestionKey.WHAT,
        QuestionKey.WHAT.label,
        _("Which concrete measures are carried out during the process, and after it?"),
        _(
            "Name measures that show results along the way, not only at the end: small steps "
            "keep engagement up. Say who is responsible for each."
        ),
        _(
            "During the process: a trial market day in the square and a temporary meeting place "
            "in the old bank. After: a plan for the square, and housing for young people in the "
            "action part."
        ),
    ),
    Question(
        QuestionKey.RESOURCES,
        QuestionKey.RESOURCES.label,
        _(
            "Which people, money, networks and expertise do we need? What support do we want "
            "from the county or others?"
        ),
        _(
            "Be realistic about the time the staff have. Name the networks and the expertise you "
            "can use, and what you will ask the county municipality, Distriktssenteret or a "
            "neighbour for."
        ),
        _(
            "A process leader at 40 per cent for a year, 150 000 kroner for meetings and a survey, "
            "help "
            "from the county's adviser with the workshops, and the network of small "
            "municipalities in the region."
        ),
    ),
    Question(
        QuestionKey.ACTORS,
        QuestionKey.ACTORS.label,
        _(
            "Who must, should and can take part? Which forces push for and against, and who are "
            "the champions who can lead?"
        ),
        _(
            "Use the actor analysis: place each actor by influence and stance, note the "
            "champions, and choose what you do about each. Remember the groups the Planning and "
            "Building Act asks special attention for."
        ),
        _(
            "The council and the business association must take part; the youth council and the "
            "pensioners' association should; the sports club can. The shop owner is a champion "
            "others follow."
        ),
    ),
)


def question_for(key: str) -> Question | None:
    return next((question for question in QUESTIONS if question.key == key), None)
