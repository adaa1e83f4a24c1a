from prevhub.business import filters
from prevhub.business.api import serializers
from prevhub.business.models import ActionDay, Business, Recommendation, SecuritySurvey
from prevhub.core.api.views import RestrictedModelViewSet


class BusinessViewSet(RestrictedModelViewSet):
    queryset = Business.objects.prefetch_related("memberships")
    serializer_class = serializers.BusinessSerializer
    filterset_class = filters.BusinessFilterSet
    ordering_fields = ("name", "sector", "district", "created")


class SecuritySurveyViewSet(RestrictedModelViewSet):
    queryset = SecuritySurvey.objects.select_related("business")
    serializer_class = serializers.SecuritySurveySerializer
    filterset_class = filters.SecuritySurveyFilterSet
    ordering_fields = ("surveyed_on", "follow_up_due", "followed_up_on")


class RecommendationViewSet(RestrictedModelViewSet):
    queryset = Recommendation.objects.select_related("survey")
    serializer_class = serializers.RecommendationSerializer
    filterset_class = filters.RecommendationFilterSet
    ordering_fields = ("priority", "follow_up_on", "done_on")


class ActionDayViewSet(RestrictedModelViewSet):
    queryset = ActionDay.objects.prefetch_related("partners", "businesses_visited")
    serializer_class = serializers.ActionDaySerializer
    filterset_class = filters.ActionDayFilterSet
    ordering_fields = ("starts_on", "visits")
