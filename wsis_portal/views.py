"""Pages that belong to no one app: the search across all of them (``wsis_portal.search``)."""

from django.views.generic import TemplateView

from .search import SearchForm, cached_search


class SearchView(TemplateView):
    """``/search/?q=``: every kind's count and best results for the words, each kind linking
    to its own search. Without ``q``, the empty form; a bad ``q`` (empty, too long, control
    characters) is an error next to the field and a 400."""

    template_name = "portal/search.html"

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET if "q" in request.GET else None, label_suffix="")
        groups, status = None, 200
        if form.is_bound:
            if form.is_valid():
                groups = cached_search(form.cleaned_data["q"])
            else:
                status = 400
        context = self.get_context_data(
            form=form,
            q=form.cleaned_data["q"] if groups is not None else "",
            groups=groups,
            total=sum(group.count for group in groups or ()),
            estimated=any(group.count_is_estimate for group in groups or ()),
            **kwargs,
        )
        return self.render_to_response(context, status=status)
